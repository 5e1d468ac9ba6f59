import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English here; test_corpus_refused checks the Japanese ones."""
    with translation.override("en"):
        yield
