"""Cleaning of visitor text before it is validated and stored."""

import re
import unicodedata

# C0 controls except tab, LF, CR; DEL; C1 controls; lone surrogates (invalid XML).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_visitor_text(value: str) -> str:
    """Normalise line endings and Unicode (NFC), replace control characters
    with a space and strip the ends, so nothing raw reaches the database."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _FORBIDDEN.sub(" ", value)
    return unicodedata.normalize("NFC", value).strip()
