"""A running runtime keeps its start-up objects out of the collector's view and collects the
young ones less often; everything is back as it was once the last runtime stops."""

from __future__ import annotations

import gc
import weakref

from tags.collection import STEADY_THRESHOLD, collection_paused, settle, unsettle


def test_collection_is_paused_inside_the_block_only() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled_after_the_block() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_settling_is_undone_when_the_last_runtime_stops() -> None:
    before = gc.get_threshold()
    settle()
    settle()  # a second runtime in the same process
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert gc.get_threshold()[0] == STEADY_THRESHOLD
    unsettle()
    assert gc.get_threshold()[0] == STEADY_THRESHOLD  # one still runs
    unsettle()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before
    unsettle()  # a runtime stopped twice changes nothing
    assert gc.get_threshold() == before


def test_objects_kept_out_of_view_are_still_freed_when_dropped() -> None:
    class Held:
        pass

    held = Held()
    ref = weakref.ref(held)
    settle()
    try:
        del held  # reference counting frees it, frozen or not
        assert ref() is None
    finally:
        unsettle()
