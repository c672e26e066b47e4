"""Records parse the documented shapes, keep unknown fields, track changes and hide secrets."""

from __future__ import annotations

import pickle
from typing import Any, get_args

import pytest

from resourcekit.core.errors import ReadOnlyFieldError
from resourcekit.siminars import ROLES, AsyncSiminar, Login, MemberRole, Siminar, Step
from resourcekit.siminars.models import MeData, StepInfo

SEED_EXAMPLE: dict[str, Any] = {
    "CreatedOn": 0,
    "_id": "134936656289522642318098",
    "admin_id": "133071947969939498163702",
    "author": None,
    "featured_book": ["136876039914810979336852"],
    "free_steps": 3,
    "instructors": ["133071947969939498163702"],
    "invisible_instructors": ["132985648455586944663702"],
    "is_paid": True,
    "list_price": 20,
    "purchase_price": 12,
    "status": 12,
    "step_dict": {
        "134936656326335937354962": {"_id": "134936656326335937354962", "sequence": 2, "title": "Second"},
        "134937296241062751654962": {"_id": "134937296241062751654962", "sequence": 1, "title": "First"},
    },
    "steps": ["134937296241062751654962", "134936656326335937354962"],
    "students": {},
    "subtitle": "Concurrent Task Processor",
    "title": "Build a High Capacity Task Processor with MongoDB",
    "user_is_nobody": True,
}


def test_the_documented_siminar_parses_and_keeps_unknown_fields() -> None:
    siminar = Siminar.model_validate(SEED_EXAMPLE)
    assert siminar.id == "134936656289522642318098" and siminar.is_launched
    assert siminar.step_ids == ["134937296241062751654962", "134936656326335937354962"]
    assert [step.title for step in siminar.outline()] == ["First", "Second"]
    assert isinstance(siminar.step_dict["134937296241062751654962"], StepInfo)
    assert siminar.model_extra == {
        "featured_book": ["136876039914810979336852"],
        "invisible_instructors": ["132985648455586944663702"],
    }
    dumped = siminar.model_dump(by_alias=True)
    assert dumped["_id"] == SEED_EXAMPLE["_id"] and dumped["steps"] == SEED_EXAMPLE["steps"]
    assert dumped["featured_book"] == ["136876039914810979336852"]


def test_outline_without_an_order_falls_back_to_sequence() -> None:
    data: dict[str, Any] = {**SEED_EXAMPLE, "steps": []}
    assert [step.title for step in Siminar.model_validate(data).outline()] == ["First", "Second"]


def test_only_writable_fields_change_and_changes_use_wire_names() -> None:
    siminar = AsyncSiminar.model_validate(SEED_EXAMPLE)
    with pytest.raises(ReadOnlyFieldError, match="read-only"):
        siminar.instructors = []  # type: ignore[misc]
    assert siminar.changes() == {}
    siminar.title = "New"
    siminar.purchase_price = 10
    assert siminar.changes() == {"title": "New", "purchase_price": 10}
    siminar.title = SEED_EXAMPLE["title"]
    assert siminar.changes() == {"purchase_price": 10}
    step = Step.model_validate({"_id": "134937296241062751654962", "title": "T"})
    step.hidden = True
    assert step.changes() == {"hidden": True}


def test_records_pickle_without_their_client() -> None:
    siminar = Siminar.model_validate(SEED_EXAMPLE).bind(object())
    copy = pickle.loads(pickle.dumps(siminar))
    assert not copy.is_bound and copy.title == siminar.title and copy.model_extra == siminar.model_extra


def test_tokens_stay_out_of_reprs() -> None:
    login = Login(authtoken="0123456789abcdef", user_id="133071947969939498163702")
    assert "0123456789abcdef" not in repr(login) and "133071947969939498163702" in repr(login)
    me = MeData.model_validate({"_id": "133071947969939498163702", "socket_url": "ws://x", "roles": {}})
    assert me.id == "133071947969939498163702" and me.unread_feed == []


def test_the_signed_in_users_counters_bundles_and_roles_are_typed() -> None:
    me = MeData.model_validate(
        {
            "_id": "133071947969939498163702",
            "unread_forum": {"134936656289522642318098": 2},
            "unread_feed": [{"_id": "134936656289522642318098", "count": 3}],
            "bundles": {
                "bundles_dict": {"136798989944706737747020": {"_id": "136798989944706737747020", "title": "Ops"}},
                "facilitating": ["136798989944706737747020"],
                "participating": [],
                "unlaunched": [],
            },
            "roles": {
                "siminars": ["134936656289522642318098"],
                "participating": [],
                "facilitating": ["134936656289522642318098"],
                "unlaunched": [],
            },
        }
    )
    assert [(entry.id, entry.count) for entry in me.unread_feed] == [("134936656289522642318098", 3)]
    assert me.bundles.bundles_dict["136798989944706737747020"].title == "Ops"
    assert me.roles.facilitating == ["134936656289522642318098"] and me.roles.participating == []
    assert me.unread_forum == {"134936656289522642318098": 2}
    empty = MeData.model_validate({"_id": "133071947969939498163702"})
    assert empty.roles.siminars == [] and empty.bundles.bundles_dict == {}


def test_member_roles_literal_is_the_route_table_roles() -> None:
    assert get_args(MemberRole) == ROLES


def test_progress_and_members_keep_their_timestamps() -> None:
    siminar = Siminar.model_validate(
        {
            **SEED_EXAMPLE,
            "students": {"133071947969939498163702": 1380978021293},
            "done": {"133071947969939498163702": {"134937296241062751654962": 1380978022610}},
        }
    )
    assert siminar.students == {"133071947969939498163702": 1380978021293}
    assert siminar.done["133071947969939498163702"] == {"134937296241062751654962": 1380978022610}
    assert siminar.outline() and all(step.visited_on is False for step in siminar.outline())
    done = StepInfo.model_validate({"_id": "134937296241062751654962", "visited_on": 1380978022610})
    assert done.visited_on == 1380978022610
