"""Stored scope keys are read through the tree's recorded moves (pure functions)."""

from zhuban.org.scope import stored_equivalents, stored_prefixes

MOVE = (("/421200/", "/420000/421200/"),)


def test_a_grant_above_a_moved_city_also_reaches_its_old_keys():
    assert stored_prefixes("/420000/", MOVE) == ["/420000/", "/421200/"]
    assert stored_prefixes("/", MOVE) == ["/", "/421200/"]


def test_a_grant_inside_a_moved_city_reaches_the_old_form_of_its_own_place():
    assert stored_prefixes("/420000/421200/421222/", MOVE) == ["/420000/421200/421222/", "/421200/421222/"]
    assert stored_prefixes("/420000/421200/", MOVE) == ["/420000/421200/", "/421200/"]


def test_a_grant_elsewhere_gains_nothing():
    assert stored_prefixes("/430000/", MOVE) == ["/430000/"]
    assert stored_prefixes("/420000/420100/", MOVE) == ["/420000/420100/"]


def test_one_node_grants_match_exactly_its_old_and_new_forms():
    assert stored_equivalents("/420000/421200/", MOVE) == ["/420000/421200/", "/421200/"]
    assert stored_equivalents("/420000/", MOVE) == ["/420000/"]
