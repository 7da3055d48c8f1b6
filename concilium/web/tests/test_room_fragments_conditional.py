"""The room's fragments answer 304 while nothing on the document changed for that reader."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.documents import services

SYMBOL = "SCO/CFM/2020/DEMO"
TEXT = f"/fragment/text/{SYMBOL}?lang=en&on=2020-09-10"


@pytest.mark.django_db
class TestFragmentsRevalidate:
    def test_an_unchanged_fragment_is_confirmed_not_sent(self, as_india, negotiation):
        first = as_india.get(TEXT)
        assert first.status_code == 200 and first["ETag"]
        assert first["Cache-Control"] == "private, no-cache"
        with CaptureQueriesContext(connection) as ctx:
            again = as_india.get(TEXT, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        assert len(ctx.captured_queries) <= 6  # session, user, profile, change, document

    def test_a_position_on_the_document_makes_it_new(self, as_india, negotiation,
                                                    indian_delegate):
        etag = as_india.get(TEXT)["ETag"]
        services.position_record(symbol=SYMBOL, state="IND", stance="agree", paragraph=2,
                                 acting_user=indian_delegate)
        answer = as_india.get(TEXT, HTTP_IF_NONE_MATCH=etag)
        assert answer.status_code == 200 and answer["ETag"] != etag

    def test_each_reader_and_language_has_its_own_tag(self, as_india, as_chair, negotiation):
        """The chair's controls are not the delegate's: the delegate's tag is no use to the
        chair, nor the English text's to the Russian one."""
        etag = as_india.get(TEXT)["ETag"]
        assert as_chair.get(TEXT, HTTP_IF_NONE_MATCH=etag).status_code == 200
        assert as_india.get(TEXT.replace("lang=en", "lang=ru"),
                            HTTP_IF_NONE_MATCH=etag).status_code == 200

    def test_whoever_may_not_read_gets_not_found_whatever_tag(self, as_india, as_observer,
                                                              negotiation):
        etag = as_india.get(TEXT)["ETag"]
        assert as_observer.get(TEXT, HTTP_IF_NONE_MATCH=etag).status_code == 404
        assert as_observer.get(TEXT, HTTP_IF_NONE_MATCH="*").status_code == 404
