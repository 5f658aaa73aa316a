from saferplaces.core.navigation import navigation_for


def test_only_the_most_specific_module_is_current(world):
    manager = world.users["manager"]
    items = navigation_for(manager, "/people/linkage/review/")
    assert [i["label"] for i in items if i["current"]] == ["Person linkage"]
    items = navigation_for(manager, "/people/12/")
    assert [i["label"] for i in items if i["current"]] == ["People"]
