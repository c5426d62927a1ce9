"""Vietnamese formats: 316.105 and 89,5%; dates as 08/8/2023 (Decree 30 style)."""

DATE_FORMAT = "d/n/Y"
SHORT_DATE_FORMAT = "d/n/Y"
DATETIME_FORMAT = "H:i d/n/Y"
SHORT_DATETIME_FORMAT = "H:i d/n/Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
