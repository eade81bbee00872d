-- wrk script for bench/run.py's mixed phase: each connection's requests cycle through the paths in
-- BENCH_PATHS (space-separated), and the run is reported as wrk_report.lua reports it.
dofile(os.getenv("BENCH_LUA_DIR") .. "/wrk_report.lua")

local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, path)
end
local next_path = 0

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
