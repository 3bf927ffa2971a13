"""Pages of a connection: a list is sliced; a stream (the audit log's entries, read from its
file) is read once, and only the page is kept, with the same cursors and counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.schema.results import page


def _summary(connection) -> tuple:
    info = connection.page_info
    return ([(edge.cursor, edge.node) for edge in connection.edges], connection.total_count, info.has_next_page,
            info.has_previous_page, info.start_cursor, info.end_cursor)


@pytest.mark.parametrize(("first", "after"), [(3, None), (3, "b2Zmc2V0OjI="), (100, "b2Zmc2V0OjU="),
                                              (1, "b2Zmc2V0Ojk=")])
def test_a_stream_pages_as_a_list_does(first: int, after: str | None) -> None:
    items = [f"entry {n}" for n in range(10)]
    read: list[str] = []

    def stream() -> Iterator[str]:
        for item in items:
            read.append(item)
            yield item

    assert _summary(page(stream(), first, after)) == _summary(page(items, first, after))
    assert read == items  # read once, to the end: the count needs every item
