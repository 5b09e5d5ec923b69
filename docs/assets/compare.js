/* Compare 2–4 entries side by side (docs/compare/): filled in by the compare work. */
