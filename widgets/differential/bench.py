"""Callbacks of the lesson 3 widgets timed by make bench."""

from __future__ import annotations

from . import model
from .view.bayes import BayesianDifferential
from .view.trainer import CaseTrainer
from .view.watch import WatchAndTell


def bench_cases():
    watch = WatchAndTell()
    state = {"t": 0, "i": 0, "s": 0}

    def next_frame():
        state["t"] = (state["t"] + 1) % model.FRAMES
        watch.frame.value = state["t"]

    bayes = BayesianDifferential()
    keys = [
        (k, v) for k in ("bilateral", "brow_lift", "lower_face", "persists_sleep", "emg_lsr") for v in (True, False)
    ]

    def tick_finding():
        state["i"] = (state["i"] + 1) % len(keys)
        box = bayes.boxes[keys[state["i"]]]
        box.value = not box.value

    settings = list(model.SETTINGS)

    def change_setting():
        state["s"] = (state["s"] + 1) % len(settings)
        bayes.setting.value = settings[state["s"]]

    trainer = CaseTrainer(include_mimics=True)

    def new_case():
        trainer.new_case.click()

    def check_case():
        trainer.diagnosis.value = trainer.diagnosis.options[0][1]
        trainer.next_test.value = "mri"
        trainer.check.click()

    return [
        ("differential: watch and tell, next frame", next_frame),
        ("differential: Bayes, tick a finding", tick_finding),
        ("differential: Bayes, change setting", change_setting),
        ("differential: case trainer, new case", new_case),
        ("differential: case trainer, check answer", check_case),
    ]
