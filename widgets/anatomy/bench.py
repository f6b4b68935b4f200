"""Callbacks of the lesson 1 widgets timed by make bench."""

from __future__ import annotations

from ..face import MUSCLES, TERMINAL_BRANCHES
from . import model
from .view.branch_map import BranchMuscleMap
from .view.course import CourseExplorer
from .view.lesion import LesionLocaliser
from .view.root_exit import RootExitZone


def bench_cases():
    """One control change per call, exactly as a click would do it (figure updates included)."""
    explorer, mapper, localiser, rez = CourseExplorer(), BranchMuscleMap(), LesionLocaliser(), RootExitZone()
    segments, levels = list(model.SEGMENTS), list(model.LEVELS)
    muscles, series = list(MUSCLES), list(model.REZ_SERIES)
    state = {"seg": 0, "branch": 0, "muscle": 0, "level": 0, "vessel": 0, "series": 0}

    def cycle(name, options, control):
        state[name] = (state[name] + 1) % len(options)
        control.value = options[state[name]]

    def change_muscle():
        mapper.direction.value = "muscle"
        cycle("muscle", muscles, mapper.muscle)

    def new_case():
        localiser.mode.value = "case"
        localiser.new_case.click()

    def check_case():
        localiser.mode.value = "case"
        localiser.answer.value = "stylomastoid"
        localiser.check.click()

    def change_level():
        localiser.mode.value = "place"
        cycle("level", levels, localiser.level)

    return [
        ("anatomy: course explorer, change segment", lambda: cycle("seg", segments, explorer.segment)),
        (
            "anatomy: branch map, change branch",
            lambda: (
                setattr(mapper.direction, "value", "branch"),
                cycle("branch", list(TERMINAL_BRANCHES), mapper.branch),
            ),
        ),
        ("anatomy: branch map, change muscle", change_muscle),
        ("anatomy: lesion localiser, change level", change_level),
        ("anatomy: lesion localiser, new case", new_case),
        ("anatomy: lesion localiser, check answer", check_case),
        ("anatomy: root exit zone, change vessel", lambda: cycle("vessel", list(model.VESSELS), rez.vessel)),
        ("anatomy: root exit zone, decompress", lambda: setattr(rez.decompress, "value", not rez.decompress.value)),
        ("anatomy: root exit zone, change chart", lambda: cycle("series", series, rez.series)),
    ]
