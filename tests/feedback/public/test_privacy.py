"""Anonymous client keys and masking of personal data in free text."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from feedback.public import privacy
from feedback.public.circuit import cache_breaker
from feedback.public.privacy import (
    apply_pii_policy,
    client_key,
    is_danish_cpr,
    is_norwegian_fodselsnummer,
    is_swedish_personnummer,
    mask_personal_data,
    vote_client_key,
)


@pytest.fixture(autouse=True)
def empty_cache():
    caches["feedback"].clear()


def request(ip: str = "192.0.2.1", agent: str = "Firefox"):  # type: ignore[no-untyped-def]
    return RequestFactory().post("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def test_client_key_is_stable_per_client_and_hides_the_address():
    key = client_key(request())
    assert len(key) == 64
    assert key == client_key(request())
    assert key != client_key(request(ip="192.0.2.2"))
    assert key == client_key(request(agent="Chrome"))  # the User-Agent buys nothing
    assert vote_client_key(request()) != vote_client_key(request(agent="Chrome"))
    assert "192.0.2.1" not in key


def test_ipv6_clients_are_one_network_per_64():
    first = client_key(request(ip="2001:db8:1:2::1"))
    assert client_key(request(ip="2001:db8:1:2:ffff:ffff:ffff:fffe")) == first
    assert client_key(request(ip="2001:db8:1:3::1")) != first
    assert client_key(request(ip="::ffff:192.0.2.1")) == client_key(request(ip="192.0.2.1"))


def test_forwarded_for_is_read_only_behind_trusted_proxies(settings):
    def behind(forwarded: str, remote: str = "10.0.0.2"):  # type: ignore[no-untyped-def]
        return RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert privacy.client_address(behind("198.51.100.7")) == "10.0.0.2"  # default: not trusted
    settings.WAGTAIL_FEEDBACK_TRUSTED_PROXIES = 1
    assert privacy.client_address(behind("198.51.100.7")) == "198.51.100.7"
    # A client-supplied first entry is not believed: the one our proxy appended is.
    assert privacy.client_address(behind("6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    settings.WAGTAIL_FEEDBACK_TRUSTED_PROXIES = 2
    assert privacy.client_address(behind("6.6.6.6, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"
    assert privacy.client_address(behind("")) == "10.0.0.2"


def test_client_key_changes_with_the_daily_secret():
    first = client_key(request())
    assert client_key(request()) == first  # stable within the day
    caches["feedback"].clear()  # yesterday's secret expired …
    privacy.forget_memo()  # … and so did this process's copy of it
    assert client_key(request()) != first


def test_no_client_key_without_the_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "feedback": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    assert client_key(request()) == ""
    # The failure opened the breaker: later votes skip the cache at once.
    assert not cache_breaker().allows()
    assert client_key(request()) == ""


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "8112189876", "19811218-9876", "198112189876", "811278-9873"],
)
def test_swedish_personnummer_and_samordningsnummer(number):
    assert is_swedish_personnummer(number.replace("-", ""))


def test_swedish_check_digit_and_date_are_checked():
    assert not is_swedish_personnummer("8112189875")  # wrong check digit
    assert not is_swedish_personnummer("8113189876")  # month 13


def test_norwegian_fodselsnummer_and_d_nummer():
    assert is_norwegian_fodselsnummer("15076500565")
    assert is_norwegian_fodselsnummer("55076500559")  # D-nummer: day + 40
    assert not is_norwegian_fodselsnummer("15076500566")  # second check digit wrong
    assert not is_norwegian_fodselsnummer("15076500575")  # first check digit wrong


def test_danish_cpr_needs_a_valid_date_only():
    assert is_danish_cpr("3101871234")
    assert not is_danish_cpr("3201871234")


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("Skriv till anna.svensson@example.se!", "Skriv till [e-post]!", ["email"]),
        ("Mitt nummer är 811218-9876.", "Mitt nummer är [personnummer].", ["id_number"]),
        ("Samordningsnummer 811278-9873", "Samordningsnummer [personnummer]", ["id_number"]),
        ("fnr 150765 00565", "fnr [personnummer]", ["id_number"]),
        ("Ring 070-123 45 67 eller +46 70 123 45 67", "Ring [telefonnummer] eller [telefonnummer]", ["phone"]),
        ("CPR 310187-1234", "CPR [personnummer]", ["id_number"]),
        ("Åren 2019-2024 och version 3.14.1 samt sidan 12", "Åren 2019-2024 och version 3.14.1 samt sidan 12", []),
        ("Order 123456 och postnummer 123 45", "Order 123456 och postnummer 123 45", []),
    ],
)
def test_masking_in_swedish(text, expected, kinds):
    with translation.override("sv"):
        assert mask_personal_data(text) == (expected, kinds)


def test_masks_are_in_the_visitors_language():
    with translation.override("nb"):
        assert mask_personal_data("fnr 15076500565, e-post ola@example.no")[0] == "fnr [fødselsnummer], e-post [e-post]"
    with translation.override("da"):
        assert mask_personal_data("CPR 310187-1234")[0] == "CPR [CPR-nummer]"


def test_pii_policy(settings):
    text = "Mejla mig: a@example.se"
    with translation.override("sv"):
        assert apply_pii_policy(text) == "Mejla mig: [e-post]"
        settings.WAGTAIL_FEEDBACK_PII_POLICY = "keep"
        assert apply_pii_policy(text) == text
        settings.WAGTAIL_FEEDBACK_PII_POLICY = "reject"
        with pytest.raises(ValidationError):
            apply_pii_policy(text)
        assert apply_pii_policy("Inget personligt här.") == "Inget personligt här."


def test_a_swedish_mobile_number_is_a_phone_number_not_an_identity_number():
    with translation.override("sv"):
        masked, kinds = mask_personal_data("Ring mig på 0701234567 efter lunch")
    assert kinds == ["phone"]
    assert "[telefonnummer]" in masked and "personnummer" not in masked


def test_masks_from_every_language_read_in_one_language():
    from feedback.public.privacy import localize_masks

    texts = {}
    for language, sample in (("nb", "Mitt fnr 01010100050"), ("da", "CPR 010101-1234"), ("sv", "Pnr 811218-9876")):
        with translation.override(language):
            texts[language] = mask_personal_data(sample)[0]
    with translation.override("sv"):
        merged = [localize_masks(text) for text in texts.values()]
    assert all("[personnummer]" in text for text in merged), merged
    with translation.override("en"):
        assert localize_masks(texts["nb"]) == "Mitt fnr [personal identity number]"
