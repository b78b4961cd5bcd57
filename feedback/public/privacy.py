"""Privacy of visitors: an anonymous client key and masking of personal data.

The client key lets the engine rate-limit and drop repeated votes without
storing who the visitor is: it is an HMAC of the IP address and user agent with
a secret of the day. The secret lives only in the shared ``feedback`` cache and
expires after two days, so yesterday's keys cannot be recomputed once it is
gone. If the cache is down there is no key at all (the caller fails open).

Free-text answers are scanned for e-mail addresses, phone numbers and Nordic
national identity numbers (Swedish personnummer/samordningsnummer, Norwegian
fødselsnummer/D-nummer, Danish CPR) and masked, rejected or kept according to
``WAGTAIL_FEEDBACK_PII_POLICY``.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import logging
import re
import secrets
import time
from collections.abc import Callable

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.conf import cache_alias, get_setting
from feedback.public.circuit import cache_breaker

logger = logging.getLogger("feedback.public.privacy")

SECRET_TTL = 2 * 24 * 3600


#: (day, secret, fetched at): this process's copy of today's secret, re-read
#: every few minutes so that processes agree even after a cache flush.
_memo: tuple[datetime.date, str, float] | None = None
MEMO_SECONDS = 300


def _daily_secret(day: datetime.date) -> str | None:
    """The secret of ``day``, created by whichever process asks first."""
    global _memo
    if _memo is not None and _memo[0] == day and time.monotonic() - _memo[2] < MEMO_SECONDS:
        return _memo[1]
    if not cache_breaker().allows():
        return None
    cache = caches[cache_alias()]
    key = f"feedback:client-secret:{day.isoformat()}"
    try:
        # add() is atomic: concurrent web processes agree on one secret.
        cache.add(key, secrets.token_hex(32), timeout=SECRET_TTL)
        secret = cache.get(key)
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return None
    _memo = (day, secret, time.monotonic()) if secret else None
    return secret


def forget_memo() -> None:
    """Drop this process's copy of the day's secret (tests, cache flushes)."""
    global _memo
    _memo = None


def client_address(request: HttpRequest) -> str:
    """The visitor's network: the address, or for IPv6 its /64 (one household
    or phone gets a whole /64, and rotates addresses inside it).

    With ``WAGTAIL_FEEDBACK_TRUSTED_PROXIES = n`` (the number of reverse proxies
    in front of the site, each appending to ``X-Forwarded-For``), the address
    the outermost trusted proxy saw is used; otherwise ``X-Forwarded-For`` is
    ignored, since anyone can send it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(get_setting("TRUSTED_PROXIES"))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            address = forwarded[-proxies] if len(forwarded) >= proxies else forwarded[0]
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _keyed(material: str) -> str:
    secret = _daily_secret(timezone.now().date())
    if not secret:
        return ""
    return hmac.new(secret.encode(), material.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def client_key(request: HttpRequest) -> str:
    """An anonymous key for the visitor's network, stable for one day; "" if
    unavailable. The rate limit counts per this key: changing the User-Agent
    does not buy more votes."""
    return _keyed(client_address(request))


def vote_client_key(request: HttpRequest) -> str:
    """The network plus the User-Agent, for duplicate-vote suppression (two
    people behind one address voting the same are not one vote) and for the
    stored ``client_hash``."""
    return _keyed("\x1f".join([client_address(request), request.META.get("HTTP_USER_AGENT", "")]))


# --- personal data in free text ------------------------------------------------

EMAIL_MASK = _("[e-mail]")
PHONE_MASK = _("[phone number]")
ID_NUMBER_MASK = _("[personal identity number]")

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)
# 10 or 12 digits, optionally "-" or "+" (Swedish) or a space before the last four or five.
_ID_CANDIDATE = re.compile(r"(?<![\w+-])(\d{6}|\d{8})([-+ ]?)(\d{4,5})(?![\w-])")
# Phone numbers: optional +CC/00CC, then 7–12 more digits with spaces, dashes, dots or brackets.
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{1,3}[\s.-]?)?\(?\d{1,4}\)?(?:[\s.-]?\d){5,12}(?!\w)")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-.]\s*(?:19|20)\d\d$")
# Every pattern above needs an "@" or a digit (``\d``, so any script's digits, as in the patterns).
_DIGIT = re.compile(r"\d")


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_swedish_personnummer(digits: str) -> bool:
    """10 or 12 digits, date valid (day + 60 for samordningsnummer), Luhn check digit."""
    if len(digits) == 12:
        year, digits = int(digits[:4]), digits[2:]
    elif len(digits) == 10:
        year = 2000 + int(digits[:2])  # century unknown: any leap year check works for 2000/1900 alike
    else:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    if not (_valid_date(year, month, day) or (month == 2 and day == 29)):
        return False
    return _luhn_ok(digits)


def is_norwegian_fodselsnummer(digits: str) -> bool:
    """11 digits DDMMYYIIICC, date valid (day + 40 for D-nummer), two mod-11 check digits."""
    if len(digits) != 11:
        return False
    d = [int(c) for c in digits]
    day, month = int(digits[:2]), int(digits[2:4])
    if day > 40:
        day -= 40
    if not _valid_date(2000, month, day):  # 2000 is a leap year: accept 29 February
        return False
    k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d[:9], strict=True)) % 11
    k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d[:10], strict=True)) % 11
    k1, k2 = (0 if k == 11 else k for k in (k1, k2))
    return k1 == d[9] and k2 == d[10]


def is_danish_cpr(digits: str) -> bool:
    """10 digits DDMMYYSSSS with a valid date (modulus 11 is not used since 2007)."""
    if len(digits) != 10:
        return False
    return _valid_date(2000, int(digits[2:4]), int(digits[:2]))


def _is_id_number(match: re.Match[str]) -> bool:
    """Whether a match of ``_ID_CANDIDATE`` is an ID number to mask: a valid Swedish
    personnummer, Norwegian fødselsnummer or Danish CPR number, with a separator
    each allows (a Swedish mobile number written without one is not)."""
    head, sep, tail = match.groups()
    digits = head + tail
    if sep == "" and len(digits) == 10 and digits.startswith("07"):
        # 07x xxx xx xx is how Swedes write a mobile number; a personnummer of
        # someone born in 2007 is written with its dash. Masked as a phone number.
        return False
    if len(tail) == 4 and is_swedish_personnummer(digits):
        return True
    if len(head) == 6 and len(tail) == 5 and sep != "+" and is_norwegian_fodselsnummer(digits):
        return True
    # A Danish CPR is written DDMMYY-SSSS; insist on the dash or no separator.
    return len(head) == 6 and len(tail) == 4 and sep in ("-", "") and is_danish_cpr(digits)


def _replace(pattern: re.Pattern[str], text: str, mask: str, test: Callable[[re.Match[str]], bool]) -> tuple[str, int]:
    found = 0

    def sub(match: re.Match[str]) -> str:
        nonlocal found
        if not test(match):
            return match.group(0)
        found += 1
        return mask

    return pattern.sub(sub, text), found


def _is_phone(match: re.Match[str]) -> bool:
    value = match.group(0).strip()
    digits = re.sub(r"\D", "", value)
    return 8 <= len(digits) <= 15 and not _YEAR_RANGE.match(value)


def mask_personal_data(text: str) -> tuple[str, list[str]]:
    """Replace personal data in ``text`` with a translated mask such as
    "[e-mail]"; return the new text and the kinds found ("email", "id_number",
    "phone")."""
    kinds: list[str] = []
    if "@" not in text and _DIGIT.search(text) is None:
        return text, kinds  # most comments: nothing any pattern could match
    text, n = _replace(_EMAIL, text, str(EMAIL_MASK), lambda m: True)
    if n:
        kinds.append("email")
    # Identity numbers before phone numbers: they look alike, the id is the more specific.
    text, n = _replace(_ID_CANDIDATE, text, str(ID_NUMBER_MASK), _is_id_number)
    if n:
        kinds.append("id_number")
    text, n = _replace(_PHONE, text, str(PHONE_MASK), _is_phone)
    if n:
        kinds.append("phone")
    return text, kinds


def apply_pii_policy(text: str) -> str:
    """Mask (default), reject or keep personal data according to ``PII_POLICY``.

    Raises ``ValidationError`` under the "reject" policy.
    """
    policy = get_setting("PII_POLICY")
    if policy == "keep" or not text:
        return text
    masked, kinds = mask_personal_data(text)
    if kinds and policy == "reject":
        raise ValidationError(
            _("Remove personal details such as e-mail addresses, phone numbers or identity numbers."),
            code="personal_data",
        )
    return masked


_mask_patterns: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}


def localize_masks(text: str) -> str:
    """Masks written in any of the site's languages ("[fødselsnummer]",
    "[CPR-nummer]") in the active language instead ("[personnummer]"), so an
    export merging language versions speaks one language."""
    if "[" not in text:
        return text
    from django.conf import settings
    from django.utils import translation

    language = translation.get_language() or settings.LANGUAGE_CODE
    cached = _mask_patterns.get(language)
    if cached is None:
        masks = (EMAIL_MASK, PHONE_MASK, ID_NUMBER_MASK)
        wanted = [str(mask) for mask in masks]  # in the active language
        labels: dict[str, str] = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                for mask, label in zip(masks, wanted, strict=True):
                    labels[str(mask)] = label
        pattern = re.compile("|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)))
        cached = _mask_patterns[language] = (pattern, labels)
    pattern, labels = cached
    return pattern.sub(lambda m: labels[m.group(0)], text)
