"""Bulk data for the `load_demo` and `seed_bench` commands; nothing at runtime imports it."""
