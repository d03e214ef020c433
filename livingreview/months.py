"""English month names, fixed (``calendar.month_name`` follows the locale; the site's text must not)."""

from __future__ import annotations

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
