"""Keyset pages walk a descending sequence without gaps or repeats, both ways."""

from zhuban.lib.keyset import int_param, keyset_page

KEYS = list(range(1, 24))  # 23 entries, newest (23) first on screen


def page(before=None, after=None):
    return keyset_page(
        older_than=lambda k, n: [x for x in sorted(KEYS, reverse=True) if k is None or x < k][:n],
        newer_than=lambda k, n: [x for x in sorted(KEYS) if x > k][:n],
        key=lambda x: x,
        before=before,
        after=after,
        size=10,
    )


def test_walking_older_then_newer_visits_every_entry_once_in_order():
    first = page()
    assert first.items == list(range(23, 13, -1)) and first.newer is None and first.older == 14
    second = page(before=first.older)
    third = page(before=second.older)
    assert second.items + third.items == list(range(13, 0, -1)) and third.older is None
    back = page(after=third.items[0])
    assert back.items == second.items and back.newer == second.items[0]
    assert page(after=back.newer).items == first.items


def test_a_bad_cursor_is_ignored_not_an_error():
    assert int_param({"before": "abc"}, "before") is None
    assert int_param({"before": "9" * 40}, "before") is None
    assert int_param({"before": "²"}, "before") is None
    assert int_param({"before": "42"}, "before") == 42
