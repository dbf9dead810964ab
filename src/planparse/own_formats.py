"""The layout of planparse's own workbook and report: sheet and column names and the tag of generated
content, shared by the writers that make them and the readers that read them back."""

from __future__ import annotations

# Workbook sheets.
MEASURES_SHEET = "Tiltak"
ROLES_SHEET = "Ansvarlige"
OVERVIEW_SHEET = "Oversikt"
ABOUT_SHEET = "Om planen"
DATA_SHEET = "_planparse"  # hidden: what the visible sheets do not show, for reading the workbook back
ROWS_SHEET = "_planparse_rader"  # hidden: what each row does not show (where it was read ...), by measure ID
HIDDEN_COLUMN = "_planparse"  # where workbooks written before the rows sheet kept that, in a hidden column

# Columns of the flat table of measures (workbook and CSV).
AREA = "Område"
AREA_NUMBER = "Områdenr."
GOAL = "Mål"
GOAL_NUMBER = "Målnr."
MEASURE = "Tiltak"
LABEL = "Nr."
TIMING = "Tidsplan"
YEARS = "År"
RESPONSIBLE = "Ansvarlig"
SOURCE = "Kilde"
ROLE_SEPARATOR = "; "

# The report's generated parts (legend, role index) stand in a content control with this tag,
# which the Word reader passes over, so reading the report gives the plan again.
GENERATED_TAG = "planparse-generated"
