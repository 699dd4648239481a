"""Size limits shared by the server (which enforces them) and the client (which shows them)."""

MAX_REQUEST_BYTES = 1_048_576
"""Largest HTTP request body the server reads; larger bodies get 413."""

MAX_JSON_DEPTH = 32

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 10_000
NOTE_MAX = 2_000
NAME_MAX = 100
DESCRIPTION_MAX = 2_000
KEY_MAX = 40
"""Longest key of a ticket type or of one of its fields (a letter, then letters, digits, _)."""
OPTION_MAX = 100
"""Longest option of a choice field."""
KEY_LABEL_MAX = 100
URL_MAX = 2048
USERNAME_MAX = 64
PASSWORD_MIN = 8
PASSWORD_MAX = 256
USERNAME_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9._-]{{1,{USERNAME_MAX - 1}}}$"

MAX_FIELDS = 50
"""Most field specs a ticket type may have, and most values a ticket may carry."""
FIELD_TEXT_MAX = 500
FIELD_MULTILINE_MAX = 5_000
MAX_CHOICE_OPTIONS = 100
NUMBER_ABS_MAX = 10**15
"""Largest magnitude a number field holds exactly everywhere (JSON, float64, NUMERIC)."""

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 500

KPI_PERIOD_MAX_DAYS = 3_660
"""Longest KPI period (ten years). A report has a volume series per day, so a period of
centuries (the fuzzer asked for the years 237 to 5000) ran into the statement timeout and
answered 503 instead of being refused."""

BULK_MOVES_MAX = 200
"""Most tickets one ``POST /tickets/bulk`` moves (a supervisor's selection, not an export)."""

EXPORT_ROWS_MAX = 1_000_000
"""Most rows one ``GET /tickets/export`` streams (an XLSX sheet holds 1,048,576): a larger
result is refused with 422 ``export_too_large`` before anything is read, to be narrowed."""
EXPORTS_AT_ONCE = 2
"""Exports one server process streams at the same time; another is refused with 429
``too_many_exports`` (each keeps a core busy for seconds; the office's screens come first)."""

QUICK_REPLY_NAME_MAX = 60
"""Longest name of a quick reply (what the agent types after "/")."""
QUICK_REPLY_BODY_MAX = 4_000
"""Longest quick reply text: well under a comment's, since several go into one reply."""
QUICK_REPLIES_PER_OWNER = 200
"""Most personal quick replies one agent keeps."""
QUICK_REPLIES_PER_GROUP = 500
"""Most quick replies one group has."""

VIEW_NAME_MAX = 60
"""Longest name of a saved view (it is listed beside the inbox and typed in the palette)."""
VIEWS_PER_OWNER = 100
"""Most personal saved views one person keeps."""
VIEWS_PER_GROUP = 100
"""Most saved views shared with one group."""
VIEW_FILTER_ITEMS_MAX = 50
"""Most values one list of a view's filter names (statuses, groups, types, priorities)."""
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
"""Default size limit of one attachment (20 MiB; the server's ``attachment_max_bytes``)."""
ATTACHMENT_NAME_MAX = 255
"""Longest file name of an attachment, in characters (what file systems allow)."""
ATTACHMENT_PREVIEW_MAX_BYTES = 8 * 1024 * 1024
"""Images up to this size are previewed inline by the client; larger ones on demand."""
