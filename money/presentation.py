"""What the simulator page says about a result: the dates of its quarters and which assumption
rows it used (so the page can list them under the result)."""

import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def quarter_labels(start: datetime.date | None, count: int) -> list[str]:
    """'5 Jan – 4 Apr 2026' per quarter when the start date is known, else 'Quarter n'."""
    if start is None:
        return [f"Quarter {n}" for n in range(1, count + 1)]
    labels = []
    for n in range(count):
        first = add_months(start, 3 * n)
        last = add_months(start, 3 * n + 3) - datetime.timedelta(days=1)
        if first.year == last.year:
            labels.append(f"{first.day} {first:%b} – {last.day} {last:%b %Y}")
        else:
            labels.append(f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}")
    return labels


def used_assumptions(rows: dict, form, result) -> list:
    """The rows a result relied on: a default the person did not override, or a reported rule
    the computation applies (the flags, the exits and a rating's estimate)."""
    data = form.cleaned_data
    keys = ["model-growth", "base-cap"]
    if not data.get("vesting"):
        keys += ["vest-year-1", "vest-year-2", "vest-year-3", "vest-year-4"]
    if not data.get("cadence"):
        keys.append("vest-cadence")
    if data.get("signon1") or data.get("signon2"):
        keys += ["signon-months", "signon1-upfront", "signon2-upfront"]
    if data.get("leave_month"):
        keys += ["failed-pivot-divisor"] + (
            [] if data.get("pivot") is not None else ["pivot-payout"]
        )
    if result.rating is not None:
        keys += [result.rating.key, "rating-reference"]
        if result.rating.key == "rating-low":
            keys.append("low-rating-exit")
    return [row for key, row in rows.items() if key in keys]
