"""Differential diagnosis of a twitching face: condition profiles, Bayes over findings, practice cases.

Pure numpy. Ten diagnoses (hemifacial spasm, blepharospasm, eyelid myokymia and seven mimics), binary
findings with P(finding | diagnosis), clinical settings that set the pre-test probabilities, and a
seeded case generator. Every number sits next to the evidence id it comes from; numbers no source
gives are evidence entries with status "assumption" (ids starting L3-), shown as teaching estimates.

The Bayes step is "naive" (findings independent given the diagnosis, L3-INDEPENDENCE): the log
pre-test probability plus the sum of the log likelihoods, normalised. The sum does not depend on the
order of the findings, and a finding with the same likelihood under every diagnosis changes nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np

# --- the diagnoses -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    key: str
    name: str
    short: str
    main: bool  # one of the three the lesson centres on
    onset_mean: float  # age at onset, years: a normal model (L3-AGE-MODEL)
    onset_sd: float
    female: float  # fraction of women (L3-SEX)
    best_test: str  # key of NEXT_TESTS
    best_test_evidence: tuple[str, ...]
    key_findings: tuple[str, ...]  # always reported in a classic practice case
    complaints: tuple[str, ...]  # how the patient puts it (vignette variety)
    contexts: tuple[str, ...]  # one line of history (vignette variety)
    duration_years: tuple[float, float]  # illustrative range for a vignette (L3-VIGNETTE)
    evidence: tuple[str, ...]  # what the profile rests on


# fmt: off
CONDITIONS: dict[str, Condition] = {c.key: c for c in (
    Condition("hfs", "Hemifacial spasm", "HFS", True, 48.5, 14.1, 0.61, "mri", ("IMG-04", "DEC-13"),
              ("bilateral", "eyelid_closure", "lower_face"),
              ("one eye keeps twitching shut and the cheek and mouth corner pull up with it",
               "the left side of my face jumps, starting at the lower eyelid",
               "my right eye closes by itself and the corner of my mouth twitches at the same time",
               "people stare because one side of my face spasms"),
              ("It is worse with stress and tiredness.", "It began in the lower eyelid and spread down over the years.",
               "It gets worse when talking or smiling.", "A clicking noise in the ear on that side comes with the spasms."),
              (1.0, 15.0), ("EPI-22", "PRO-01", "PRO-03", "SIG-01", "SIG-08", "EPI-11")),
    Condition("beb", "Benign essential blepharospasm", "BEB", True, 55.8, 12.5, 0.64, "none", ("BEB-01", "L3-NEXT-TEST"),
              ("bilateral", "eyelid_closure", "brow_lift"),
              ("both eyes squeeze shut and I cannot keep them open",
               "I blink all the time and my eyes clamp shut when I drive",
               "my eyelids close on their own; I bump into things",
               "bright light makes my eyes slam shut"),
              ("Bright light, wind and reading bring it on.", "It is better after a night's sleep.",
               "It started with more blinking and gritty eyes.", "Talking or humming helps a little."),
              (0.5, 8.0), ("BEB-01", "BEB-02", "BEB-05", "BEB-08", "BEB-15")),
    Condition("myokymia", "Orbicularis (eyelid) myokymia", "eyelid myokymia", True, 42.0, 15.0, 0.5, "none", ("MYO-06",),
              ("fine_ripple", "eyelid_closure", "lower_face"),
              ("my lower eyelid flickers all day", "a twitch under one eye that I can feel but hardly see",
               "my eyelid keeps quivering", "a tiny flutter in one lower lid"),
              ("It started in a stressful, sleep-short week.", "Drinks six coffees a day.",
               "Works long hours at a screen.", "It comes and goes in runs of seconds to minutes."),
              (0.02, 0.3), ("MYO-01", "MYO-02", "MYO-03", "MYO-04", "MYO-05", "MYO-06")),
    Condition("synkinesis", "Post-facial-palsy synkinesis", "synkinesis", False, 45.0, 15.0, 0.5, "emg", ("DXA-08",),
              ("prior_palsy", "voluntary_only"),
              ("my eye closes when I smile", "when I eat, my eye narrows on one side",
               "my face on one side moves together when I talk"),
              ("The face recovered only partly after the palsy.", "It began months after a facial palsy."),
              (1.0, 10.0), ("MIM-05", "MIM-06", "DXA-08")),
    Condition("functional", "Functional (psychogenic) facial spasm", "functional spasm", False, 33.0, 13.5, 0.9, "none",
              ("MIM-02", "L3-NEXT-TEST"), ("mouth_down", "brow_lift"),
              ("my lip is pulled down and my face locks for minutes", "my face pulls down on one side and stays there"),
              ("It began suddenly after a stressful event.", "It varies from day to day and between visits."),
              (0.2, 3.0), ("MIM-01", "MIM-02")),
    Condition("tic", "Facial tics", "tics", False, 9.0, 3.0, 0.5, "none", ("MIM-07", "L3-NEXT-TEST"),
              ("urge", "onset_before_40"),
              ("I keep blinking and grimacing; I can stop it for a while", "my face twitches in different ways"),
              ("It has come and gone since school.", "Holding it back builds a feeling that has to come out."),
              (5.0, 30.0), ("MIM-07",)),
    Condition("hemimasticatory", "Hemimasticatory spasm", "hemimasticatory spasm", False, 30.0, 12.0, 0.5, "emg_jaw",
              ("MIM-04", "L3-NEXT-TEST"), ("jaw_muscles", "lower_face"),
              ("my jaw clenches on one side and I bite my cheek", "painful jaw spasms on one side"),
              ("The skin on that side of the face has thinned.", "Chewing sets it off."),
              (1.0, 10.0), ("MIM-03", "MIM-04", "ANA-19")),
    Condition("brainstem_myokymia", "Facial myokymia from MS or a brainstem lesion", "facial myokymia (brainstem)", False,
              35.0, 10.0, 0.5, "mri", ("MYO-08", "MYO-10"), ("fine_ripple", "lower_face"),
              ("a constant rippling over one side of my face and around the mouth", "one cheek writhes all the time"),
              ("It has not stopped for weeks.", "A year ago one leg went numb for a month."),
              (0.1, 1.0), ("MYO-08", "MYO-09", "MYO-10", "MIM-12")),
    Condition("seizure", "Focal motor seizures", "focal seizures", False, 45.0, 20.0, 0.5, "eeg", ("EMG-14", "MIM-08"),
              ("seizure_features",),
              ("attacks of jerking on one side of the face", "my face jerks and then my hand joins in"),
              ("The attacks last a minute or two.", "Afterwards the face feels tired."),
              (0.1, 3.0), ("MIM-08", "EMG-14")),
    Condition("tardive", "Tardive dyskinesia", "tardive dyskinesia", False, 55.0, 15.0, 0.5, "medication_review",
              ("MIM-10",), ("dopamine_blocker", "orolingual"),
              ("my mouth keeps chewing and my tongue pokes out", "my lips smack and my face grimaces"),
              ("Has taken an antipsychotic for years.", "Took metoclopramide for a long time."),
              (0.5, 5.0), ("MIM-10",)),
)}
# fmt: on
DIAGNOSES: tuple[str, ...] = tuple(CONDITIONS)
MAIN = tuple(k for k, c in CONDITIONS.items() if c.main)
_INDEX = {k: i for i, k in enumerate(DIAGNOSES)}

NEXT_TESTS = {
    "none": "No test needed now: the diagnosis is clinical (explain, treat or review)",
    "mri": "MRI of the brain with thin, heavily T2-weighted sequences (± MR angiography)",
    "emg": "EMG: lateral spread response and blink reflex",
    "emg_jaw": "EMG of the jaw-closing muscles (masseter, temporalis)",
    "eeg": "Video-EEG",
    "medication_review": "Review the medicines for dopamine blockers (no scan)",
}

# --- the findings ------------------------------------------------------------------------------

GROUPS = ("history", "examination", "test")


@dataclass(frozen=True)
class Finding:
    key: str
    group: str
    present: str  # the wording of the finding when present
    absent: str  # ... and when absent
    p: dict  # diagnosis -> (P(present | diagnosis), evidence id)
    red_flag: str = ""  # why it is a red flag when present
    red_flag_evidence: tuple[str, ...] = ()
    route: str = ""  # where a present red flag sends the case: a question the probabilities do not answer

    def likelihoods(self, present: bool = True) -> np.ndarray:
        """P(this value | diagnosis), in DIAGNOSES order."""
        q = np.array([self.p[d][0] for d in DIAGNOSES], dtype=float)
        return q if present else 1.0 - q

    def evidence_for(self, diagnosis: str) -> str:
        return self.p[diagnosis][1]

    def text(self, present: bool) -> str:
        return self.present if present else self.absent


def _cells(default: tuple[float, str], **given: tuple[float, str]) -> dict:
    unknown = set(given) - set(DIAGNOSES)
    if unknown:
        raise ValueError(f"unknown diagnosis in likelihood table: {sorted(unknown)}")
    return {d: given.get(d, default) for d in DIAGNOSES}


def _phi(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def onset_before_40(condition: Condition) -> float:
    """P(onset before 40 | diagnosis) from its normal onset-age model, kept inside [0.01, 0.99]."""
    return round(min(0.99, max(0.01, _phi((40.0 - condition.onset_mean) / condition.onset_sd))), 3)


# The red flags of the face-and-nerve kind ask "why?" rather than "which movement?".
SECONDARY = "secondary cause or another lesion: image with MRI"

# fmt: off
FINDINGS: dict[str, Finding] = {f.key: f for f in (
    # history
    Finding("onset_before_40", "history", "Began before age 40", "Began at age 40 or later",
            {d: (onset_before_40(c), "L3-AGE-MODEL") for d, c in CONDITIONS.items()},
            red_flag="early onset can herald an underlying neurological illness, so look for a cause; it does not rule "
                     "HFS out (about a quarter of HFS begins before 40 in the course's onset model)",
            red_flag_evidence=("EPI-08", "L3-AGE-MODEL"), route=SECONDARY),
    Finding("prior_palsy", "history", "Facial palsy on that side in the past", "No facial palsy in the past",
            _cells((0.02, "L3-LIK-PALSY"), hfs=(0.057, "EPI-18"), synkinesis=(0.98, "L3-LIK-PALSY"))),
    Finding("dopamine_blocker", "history", "Months or years of a dopamine blocker (antipsychotic, metoclopramide)",
            "No dopamine-blocking medicines", _cells((0.03, "L3-LIK-DRUG"), tardive=(0.97, "L3-LIK-DRUG"))),
    Finding("persists_sleep", "history", "A bed partner sees it go on during sleep", "It stops during sleep",
            _cells((0.1, "L3-LIK-SLEEP"), hfs=(0.56, "L3-LIK-SLEEP"), beb=(0.25, "L3-LIK-SLEEP"), myokymia=(0.2, "L3-LIK-SLEEP"),
                   synkinesis=(0.05, "L3-LIK-SLEEP"), functional=(0.05, "L3-LIK-SLEEP"),
                   hemimasticatory=(0.3, "L3-LIK-SLEEP"), brainstem_myokymia=(0.8, "L3-LIK-SLEEP"),
                   seizure=(0.3, "L3-LIK-SLEEP"), tardive=(0.05, "L3-LIK-SLEEP"))),
    Finding("urge", "history", "An urge comes first and it can be held back for a while",
            "No urge; it cannot be held back", _cells((0.02, "L3-LIK-URGE"), tic=(0.9, "L3-LIK-URGE"),
                                                      functional=(0.15, "L3-LIK-URGE"))),
    # examination
    Finding("bilateral", "examination", "Both sides of the face", "One side of the face only",
            _cells((0.05, "L3-LIK-BILATERAL"), hfs=(0.03, "DXS-01"), beb=(0.86, "L3-LIK-BILATERAL"), functional=(0.3, "L3-LIK-BILATERAL"),
                   tic=(0.45, "L3-LIK-BILATERAL"), brainstem_myokymia=(0.03, "L3-LIK-BILATERAL"),
                   tardive=(0.9, "L3-LIK-BILATERAL")),
            red_flag="primary HFS is one-sided in almost every patient; a bilateral picture needs another explanation",
            red_flag_evidence=("EPI-11", "BEB-02"), route="another diagnosis: blepharospasm or a bilateral process"),
    Finding("eyelid_closure", "examination", "The eyelids close in the episodes", "The eye stays open in the episodes",
            _cells((0.3, "L3-LIK-CLOSURE"), hfs=(0.95, "L3-LIK-CLOSURE"), beb=(0.98, "L3-LIK-CLOSURE"),
                   myokymia=(0.05, "L3-LIK-CLOSURE"), synkinesis=(0.9, "L3-LIK-CLOSURE"), functional=(0.4, "L3-LIK-CLOSURE"),
                   tic=(0.6, "L3-LIK-CLOSURE"), hemimasticatory=(0.02, "L3-LIK-CLOSURE"),
                   brainstem_myokymia=(0.2, "L3-LIK-CLOSURE"), seizure=(0.45, "L3-LIK-CLOSURE"))),
    Finding("fine_ripple", "examination", "Fine, worm-like rippling under the skin", "Twitches or squeezes, not a fine ripple",
            _cells((0.03, "L3-LIK-RIPPLE"), myokymia=(0.95, "L3-LIK-RIPPLE"), brainstem_myokymia=(0.95, "L3-LIK-RIPPLE"))),
    Finding("lower_face", "examination", "Cheek or mouth muscles take part", "Only the eyelid region moves",
            _cells((0.6, "L3-LIK-LOWERFACE"), hfs=(0.93, "DXS-03"), beb=(0.59, "DXS-03"), myokymia=(0.03, "L3-LIK-LOWERFACE"),
                   synkinesis=(0.9, "L3-LIK-LOWERFACE"), functional=(0.9, "L3-LIK-LOWERFACE"),
                   hemimasticatory=(0.1, "L3-LIK-LOWERFACE"), brainstem_myokymia=(0.9, "L3-LIK-LOWERFACE"),
                   seizure=(0.8, "L3-LIK-LOWERFACE"), tardive=(0.95, "L3-LIK-LOWERFACE"))),
    Finding("brow_lift", "examination", "The brow rises as the eye closes (other Babinski sign)",
            "The brow does not rise (it stays or is pulled down)",
            _cells((0.02, "L3-LIK-BROW"), hfs=(0.70, "DXS-02"), beb=(0.03, "DXS-02"), synkinesis=(0.235, "MIM-06"),
                   functional=(0.01, "MIM-02"), myokymia=(0.01, "L3-LIK-BROW"), hemimasticatory=(0.01, "L3-LIK-BROW"),
                   tic=(0.05, "L3-LIK-BROW"), seizure=(0.05, "L3-LIK-BROW"))),
    Finding("voluntary_only", "examination", "Only with voluntary movement (the eye narrows on smiling)",
            "It also happens at rest",
            _cells((0.02, "L3-LIK-VOLUNTARY"), synkinesis=(0.9, "L3-LIK-VOLUNTARY"), beb=(0.05, "L3-LIK-VOLUNTARY"),
                   functional=(0.1, "L3-LIK-VOLUNTARY"), hemimasticatory=(0.2, "L3-LIK-VOLUNTARY"),
                   tardive=(0.05, "L3-LIK-VOLUNTARY"))),
    Finding("sensory_trick", "examination", "A sensory trick (touching the lid, talking, humming) eases it",
            "No sensory trick helps",
            _cells((0.03, "L3-LIK-TRICK"), beb=(0.22, "L3-LIK-TRICK"), functional=(0.15, "L3-LIK-TRICK"))),
    Finding("jaw_muscles", "examination", "The jaw-closing muscles (masseter, temporalis) contract",
            "The jaw muscles stay still",
            _cells((0.02, "L3-LIK-JAW"), hemimasticatory=(0.97, "MIM-03"), hfs=(0.01, "ANA-19"), beb=(0.1, "L3-LIK-JAW"),
                   tardive=(0.4, "L3-LIK-JAW"), seizure=(0.1, "L3-LIK-JAW"))),
    Finding("orolingual", "examination", "Lip smacking, chewing or tongue movements", "No lip-smacking, chewing or tongue movements",
            _cells((0.02, "L3-LIK-OROLINGUAL"), tardive=(0.9, "L3-LIK-OROLINGUAL"), beb=(0.15, "L3-LIK-OROLINGUAL"),
                   tic=(0.2, "L3-LIK-OROLINGUAL"), functional=(0.1, "L3-LIK-OROLINGUAL"),
                   hemimasticatory=(0.1, "L3-LIK-OROLINGUAL"))),
    Finding("mouth_down", "examination", "The mouth corner is pulled down and held (tonic)",
            "The mouth corner is not pulled down",
            _cells((0.03, "L3-LIK-MOUTHDOWN"), functional=(0.6, "L3-LIK-MOUTHDOWN"), hfs=(0.01, "MIM-02"),
                   tardive=(0.1, "L3-LIK-MOUTHDOWN"), tic=(0.05, "L3-LIK-MOUTHDOWN"))),
    # Primary HFS has normal strength between spasms, so weakness is a red flag (a secondary cause or another
    # lesion), not evidence for HFS: its small likelihood keeps normal strength from counting against HFS.
    Finding("weakness", "examination", "Facial weakness on that side", "Normal facial strength",
            _cells((0.02, "L3-LIK-WEAKNESS"), hfs=(0.01, "L3-LIK-WEAKNESS"), myokymia=(0.01, "MYO-01"),
                   synkinesis=(0.8, "L3-LIK-WEAKNESS"), functional=(0.05, "L3-LIK-WEAKNESS"), tic=(0.01, "L3-LIK-WEAKNESS"),
                   hemimasticatory=(0.05, "L3-LIK-WEAKNESS"), brainstem_myokymia=(0.4, "L3-LIK-WEAKNESS"),
                   seizure=(0.15, "L3-LIK-WEAKNESS")),
            red_flag="primary HFS leaves the face strong between spasms; weakness is an atypical feature: exclude a "
                     "space-occupying lesion",
            red_flag_evidence=("SIG-11", "IMG-06"), route=SECONDARY),
    Finding("other_cn", "examination", "Other cranial-nerve signs (e.g. facial numbness)",
            "The other cranial nerves are normal",
            _cells((0.02, "L3-LIK-OTHERCN"), hfs=(0.04, "L3-LIK-OTHERCN"), brainstem_myokymia=(0.4, "L3-LIK-OTHERCN"),
                   seizure=(0.05, "L3-LIK-OTHERCN")),
            red_flag="numbness or other cranial-nerve signs point to a lesion along the nerve or in the brainstem",
            red_flag_evidence=("SIG-11", "IMG-06"), route=SECONDARY),
    Finding("seizure_features", "examination", "Attacks spread to the arm or come with altered awareness",
            "Face only, awareness intact",
            _cells((0.01, "L3-LIK-SEIZURE"), seizure=(0.7, "L3-LIK-SEIZURE"), functional=(0.05, "L3-LIK-SEIZURE"))),
    # tests
    Finding("emg_lsr", "test", "EMG: lateral spread response present", "EMG: no lateral spread response",
            _cells((0.02, "L3-LIK-LSR"), hfs=(0.96, "DXS-06"), synkinesis=(0.795, "DXA-08"))),
    Finding("mri_nvc", "test", "MRI: an artery indents the facial nerve root exit zone on that side",
            "MRI: no neurovascular compression on that side",
            _cells((0.063, "DXA-33"), hfs=(0.88, "DXA-32"))),
    Finding("mri_lesion", "test", "MRI: a brainstem or cerebellopontine-angle lesion", "MRI: no brainstem or CPA lesion",
            _cells((0.01, "L3-LIK-MRILESION"), brainstem_myokymia=(0.9, "MYO-08"), hfs=(0.04, "EPI-13"))),
    Finding("eeg", "test", "Video-EEG: epileptic discharges with the movements", "Video-EEG: no epileptic discharges",
            _cells((0.02, "L3-LIK-EEG"), seizure=(0.8, "L3-LIK-EEG"))),
)}
# fmt: on
FINDING_KEYS: tuple[str, ...] = tuple(FINDINGS)
# Rows of P(present | diagnosis): findings x diagnoses, built once.
PRESENT = np.array([FINDINGS[k].likelihoods(True) for k in FINDING_KEYS])
RED_FLAGS = tuple(k for k, f in FINDINGS.items() if f.red_flag)

# --- clinical settings: pre-test probabilities ---------------------------------------------------


@dataclass(frozen=True)
class Setting:
    key: str
    name: str
    priors: dict  # diagnosis -> probability (sums to 1)
    evidence: tuple[str, ...]
    note: str = ""


def _normalised(weights: Mapping[str, float]) -> dict:
    total = sum(weights.values())
    return {d: weights.get(d, 0.0) / total for d in DIAGNOSES}


# A diagnosis a clinic series did not list keeps a small pre-test probability (L3-PRIOR-RARE),
# so one striking finding can still bring it up.
_RARE = 0.005
# fmt: off
SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("botox_clinic", "Botulinum-toxin clinic (oculoplastic)",
            _normalised({"hfs": 0.621, "beb": 0.290, "synkinesis": 0.013, "myokymia": _RARE, "functional": _RARE,
                         "tic": _RARE, "hemimasticatory": _RARE, "brainstem_myokymia": _RARE, "seizure": _RARE,
                         "tardive": _RARE}),
            ("PRI-01", "L3-PRIOR-RARE"), "HFS 62.1%, BEB 29.0%, aberrant regeneration 1.3% of treated patients"),
    Setting("neuro_ophthalmology", "Neuro-ophthalmology clinic",
            _normalised({"hfs": 0.364, "beb": 0.636, **{d: _RARE for d in DIAGNOSES if d not in ("hfs", "beb")}}),
            ("PRI-03", "L3-PRIOR-RARE"), "159 BEB and 91 HFS patients (HFS 36.4% of the two)"),
    Setting("movement_disorders", "Movement-disorders clinic, referred as 'hemifacial spasm'",
            _normalised({"hfs": 0.71, "synkinesis": 0.11, "brainstem_myokymia": 0.01, "functional": 0.05, "tic": 0.05,
                         "beb": 0.04, "hemimasticatory": 0.04, "myokymia": _RARE, "seizure": _RARE, "tardive": _RARE}),
            ("EPI-12", "L3-PRIOR-MOVEMENT"), "primary, hereditary and secondary HFS; Bell's palsy; mimics 18%"),
    Setting("general_neurology", "General neurology clinic: new involuntary facial movements",
            {"hfs": 0.30, "beb": 0.20, "myokymia": 0.10, "synkinesis": 0.10, "functional": 0.06, "tic": 0.06,
             "hemimasticatory": 0.04, "brainstem_myokymia": 0.04, "seizure": 0.04, "tardive": 0.06},
            ("L3-PRIOR-NEUROLOGY",), "teaching estimate"),
    Setting("primary_care", "General practice: 'my eyelid twitches'",
            {"hfs": 0.05, "beb": 0.04, "myokymia": 0.80, "synkinesis": 0.02, "functional": 0.02, "tic": 0.04,
             "hemimasticatory": 0.005, "brainstem_myokymia": 0.01, "seizure": 0.005, "tardive": 0.01},
            ("L3-PRIOR-PRIMARY",), "teaching estimate: no population figure for eyelid myokymia exists"),
    Setting("equal", "Thought experiment: every diagnosis equally likely",
            {d: 1.0 / len(DIAGNOSES) for d in DIAGNOSES}, (), "no clinic looks like this"),
)}
# fmt: on

# Where each practice case is seen: the main three in clinics that see them, the mimics in general neurology.
CASE_SETTINGS = {
    "hfs": ("botox_clinic", "movement_disorders"),
    "beb": ("neuro_ophthalmology", "botox_clinic"),
    "myokymia": ("primary_care",),
}
MIMIC_SETTING = "general_neurology"

# --- validation --------------------------------------------------------------------------------

TOLERANCE = 1e-6


def prior_vector(setting: str | Mapping[str, float]) -> np.ndarray:
    """Pre-test probabilities in DIAGNOSES order from a setting's key or a {diagnosis: probability} map.

    Diagnoses left out get 0. Raises ValueError for an empty setting, an unknown diagnosis, a
    probability outside 0–1, or probabilities that do not sum to 1.
    """
    if isinstance(setting, str):
        if setting not in SETTINGS:
            raise ValueError(f"setting must be one of {', '.join(SETTINGS)} (got {setting!r})")
        setting = SETTINGS[setting].priors
    if not isinstance(setting, Mapping) or len(setting) == 0:
        raise ValueError("setting must give a pre-test probability for at least one diagnosis (got an empty setting)")
    prior = np.zeros(len(DIAGNOSES))
    for d, value in setting.items():
        if d not in _INDEX:
            raise ValueError(f"diagnosis must be one of {', '.join(DIAGNOSES)} (got {d!r})")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"pre-test probability of {d} must be a number between 0 and 1 (got {value!r})") from None
        if not (0.0 <= value <= 1.0) or math.isnan(value):
            raise ValueError(f"pre-test probability of {d} must be between 0 and 1 (got {value})")
        prior[_INDEX[d]] = value
    total = prior.sum()
    if abs(total - 1.0) > TOLERANCE:
        raise ValueError(f"pre-test probabilities must sum to 1 (got {total:.6g})")
    return prior


def check_observations(observations: Mapping[str, bool]) -> dict:
    """A validated copy of {finding: True (present) / False (absent)}."""
    if not isinstance(observations, Mapping):
        raise ValueError("findings must be a mapping of finding name to True (present) or False (absent)")
    clean = {}
    for key, value in observations.items():
        if key not in FINDINGS:
            raise ValueError(f"finding must be one of {', '.join(FINDING_KEYS)} (got {key!r})")
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"finding {key} must be True (present) or False (absent) (got {value!r})")
        clean[key] = bool(value)
    return clean


# --- Bayes -------------------------------------------------------------------------------------


def bayes(prior: np.ndarray, likelihood_rows) -> np.ndarray:
    """Posterior from a prior vector and rows of P(observed value | diagnosis), in log form.

    log posterior = log prior + sum of log likelihoods, then normalised. Summation makes the
    result independent of the order of the rows.
    """
    prior = np.asarray(prior, dtype=float)
    if prior.ndim != 1 or prior.size == 0:
        raise ValueError("pre-test probabilities must be a non-empty list (got an empty setting)")
    if np.any(~np.isfinite(prior)) or np.any(prior < 0) or np.any(prior > 1):
        raise ValueError(f"pre-test probabilities must each be between 0 and 1 (got {np.round(prior, 4).tolist()})")
    if abs(prior.sum() - 1.0) > TOLERANCE:
        raise ValueError(f"pre-test probabilities must sum to 1 (got {prior.sum():.6g})")
    rows = np.asarray(likelihood_rows, dtype=float).reshape(-1, prior.size)
    if np.any(~np.isfinite(rows)) or np.any(rows < 0) or np.any(rows > 1):
        raise ValueError("likelihoods must each be between 0 and 1")
    with np.errstate(divide="ignore"):
        log_post = np.log(prior) + np.log(rows).sum(axis=0)
    top = log_post.max()
    if not np.isfinite(top):
        raise ValueError("these findings are impossible under every diagnosis with a pre-test probability above 0")
    post = np.exp(log_post - top)
    return post / post.sum()


def likelihood_rows(observations: Mapping[str, bool]) -> np.ndarray:
    obs = check_observations(observations)
    if not obs:
        return np.ones((0, len(DIAGNOSES)))
    return np.array([FINDINGS[k].likelihoods(v) for k, v in obs.items()])


def posterior(setting: str | Mapping[str, float], observations: Mapping[str, bool]) -> np.ndarray:
    """P(diagnosis | findings) in DIAGNOSES order."""
    return bayes(prior_vector(setting), likelihood_rows(observations))


def likelihood_ratio(finding: str, present: bool, numerator: str, denominator: str) -> float:
    """LR of one finding value for one diagnosis against another: P(value | numerator) / P(value | denominator)."""
    check_observations({finding: present})
    for d in (numerator, denominator):
        if d not in _INDEX:
            raise ValueError(f"diagnosis must be one of {', '.join(DIAGNOSES)} (got {d!r})")
    q = FINDINGS[finding].likelihoods(present)
    return float(q[_INDEX[numerator]] / q[_INDEX[denominator]])


def ranked(post: np.ndarray) -> list[tuple[str, float]]:
    """(diagnosis, probability), most probable first; ties keep DIAGNOSES order."""
    order = sorted(range(len(DIAGNOSES)), key=lambda i: (-post[i], i))
    return [(DIAGNOSES[i], float(post[i])) for i in order]


def entropy_bits(p: np.ndarray) -> np.ndarray:
    """Shannon entropy (bits) along the last axis; 0·log 0 counts as 0."""
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log2(np.where(p > 0, p, 1.0)), 0.0)
    return -terms.sum(axis=-1)


def expected_information_gain(
    setting: str | Mapping[str, float], observations: Mapping[str, bool], candidates=None
) -> list[tuple[str, float]]:
    """Expected fall in entropy (bits) of the diagnosis if each untested finding were checked, best first."""
    post = posterior(setting, observations)
    tested = set(check_observations(observations))
    keys = [k for k in (candidates or FINDING_KEYS) if k not in tested]
    for k in keys:
        if k not in FINDINGS:
            raise ValueError(f"finding must be one of {', '.join(FINDING_KEYS)} (got {k!r})")
    if not keys:
        return []
    rows = np.array([PRESENT[FINDING_KEYS.index(k)] for k in keys])  # k x D
    joint_yes = rows * post  # P(D, present)
    joint_no = (1.0 - rows) * post
    p_yes = joint_yes.sum(axis=1)
    p_no = joint_no.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        h_yes = entropy_bits(np.where(p_yes[:, None] > 0, joint_yes / p_yes[:, None], 0.0))
        h_no = entropy_bits(np.where(p_no[:, None] > 0, joint_no / p_no[:, None], 0.0))
    gain = entropy_bits(post) - (p_yes * h_yes + p_no * h_no)
    gain = np.maximum(gain, 0.0)  # rounding can leave -1e-16
    order = sorted(range(len(keys)), key=lambda i: (-gain[i], i))
    return [(keys[i], float(gain[i])) for i in order]


@dataclass(frozen=True)
class RedFlag:
    finding: str
    text: str
    evidence: tuple[str, ...]
    route: str = ""


def red_flags(observations: Mapping[str, bool]) -> list[RedFlag]:
    """The red flags among the findings: present features that make primary HFS unlikely and call for imaging."""
    obs = check_observations(observations)
    return [
        RedFlag(k, FINDINGS[k].red_flag, FINDINGS[k].red_flag_evidence, FINDINGS[k].route)
        for k in RED_FLAGS
        if obs.get(k) is True
    ]


def deciding_findings(observations: Mapping[str, bool], favoured: str, other: str) -> list[tuple[str, bool, float]]:
    """Findings that most separate two diagnoses: (finding, value, LR favoured:other), strongest first."""
    obs = check_observations(observations)
    scored = [(k, v, likelihood_ratio(k, v, favoured, other)) for k, v in obs.items()]
    return sorted(scored, key=lambda t: -abs(math.log(t[2])))


# --- the facial movements, frame by frame (for the watch-and-tell animation) -----------------------

FRAMES = 16
WATCH_CONDITIONS = ("hfs", "beb", "myokymia")


@dataclass(frozen=True)
class MovementFrame:
    muscles: dict  # (muscle, side) -> intensity 0..1 (contracting)
    closure: dict  # side -> 0 (open) .. 1 (shut)
    brow: dict  # side -> vertical brow shift: + raised, - pulled down
    caption: str


def movement_frame(condition: str, t: int) -> MovementFrame:
    """What the face does at frame t (0..FRAMES-1) of one cycle; the spasm side is the patient's left."""
    if condition not in WATCH_CONDITIONS:
        raise ValueError(f"condition must be one of {', '.join(WATCH_CONDITIONS)} (got {condition!r})")
    if not 0 <= t < FRAMES:
        raise ValueError(f"frame must be between 0 and {FRAMES - 1} (got {t})")
    rest = MovementFrame({}, {"right": 0.0, "left": 0.0}, {"right": 0.0, "left": 0.0}, "at rest")
    if condition == "hfs":
        # Clonic twitches of the lower lid, then one synchronous spasm of the whole side with the brow going UP.
        if 3 <= t <= 6:
            k = 0.9 if t % 2 else 0.4
            return MovementFrame(
                {("oculi_lower", "left"): k},
                {"right": 0.0, "left": 0.35 * k},
                {"right": 0.0, "left": 0.0},
                "left lower lid twitches",
            )
        if 7 <= t <= 12:
            k = 1.0 if 8 <= t <= 11 else 0.6
            side = {
                (m, "left"): k
                for m in (
                    "oculi_lower",
                    "oculi_upper",
                    "frontalis",
                    "zygomaticus",
                    "oris",
                    "depressor_anguli",
                    "platysma",
                )
            }
            return MovementFrame(
                side,
                {"right": 0.0, "left": k},
                {"right": 0.0, "left": 0.08 * k},
                "left eye, cheek, mouth, neck together; left brow UP",
            )
        return rest
    if condition == "beb":
        # More blinking, then sustained bilateral squeezing with both brows pulled DOWN (corrugator).
        if 2 <= t <= 5:
            k = 0.8 if t % 2 == 0 else 0.2
            both = {(m, s): k for m in ("oculi_upper", "oculi_lower") for s in ("right", "left")}
            return MovementFrame(both, {"right": k, "left": k}, {"right": 0.0, "left": 0.0}, "both eyes blink rapidly")
        if 6 <= t <= 12:
            both = {(m, s): 1.0 for m in ("oculi_upper", "oculi_lower", "corrugator") for s in ("right", "left")}
            return MovementFrame(
                both, {"right": 1.0, "left": 1.0}, {"right": -0.06, "left": -0.06}, "both eyes shut; both brows DOWN"
            )
        return rest
    # Eyelid myokymia: a fine, irregular flicker of one lower lid; the eye stays open.
    flicker = (0.25, 0.6, 0.35, 0.7, 0.3, 0.55, 0.2, 0.65, 0.4, 0.7, 0.25, 0.5, 0.35, 0.6, 0.3, 0.55)
    return MovementFrame(
        {("oculi_lower", "right"): flicker[t]},
        {"right": 0.0, "left": 0.0},
        {"right": 0.0, "left": 0.0},
        "right lower lid flickers; eye open",
    )


# --- practice cases ----------------------------------------------------------------------------

PLAUSIBLE = 0.1  # a harder case reports only values at least this likely under its diagnosis
TYPICAL = 0.5  # a classic case reports only each finding's more likely value
BEDSIDE = tuple(k for k, f in FINDINGS.items() if f.group != "test")


@dataclass(frozen=True)
class Case:
    seed: int
    condition: str
    setting: str
    classic: bool
    age: int
    onset_age: int
    sex: str
    complaint: str
    context: str
    findings: tuple  # ((finding, present), ...) in report order
    best_test: str
    duration: float = 0.0  # years since onset

    @property
    def observations(self) -> dict:
        return dict(self.findings)

    def history_lines(self) -> list[str]:
        return [
            FINDINGS[k].text(v) for k, v in self.findings if FINDINGS[k].group == "history" and k != "onset_before_40"
        ]

    def exam_lines(self) -> list[str]:
        return [FINDINGS[k].text(v) for k, v in self.findings if FINDINGS[k].group == "examination"]

    def vignette(self) -> str:
        """The case as plain sentences (no diagnosis, no test results)."""
        person = "woman" if self.sex == "female" else "man"
        years = int(self.duration)
        since = (
            "a few weeks"
            if self.duration < 0.2
            else "a few months"
            if self.duration < 1
            else f"{years} year{'s' if years != 1 else ''}"
        )
        parts = [
            f'{SETTINGS[self.setting].name}. A {self.age}-year-old {person} says: "{self.complaint[0].upper()}'
            f'{self.complaint[1:]}." It began {since} ago, at age {self.onset_age}. {self.context}'
        ]
        history = self.history_lines()
        if history:
            parts.append("History: " + "; ".join(h[0].lower() + h[1:] for h in history) + ".")
        exam = self.exam_lines()
        if exam:
            parts.append("Examination: " + "; ".join(e[0].lower() + e[1:] for e in exam) + ".")
        return " ".join(parts)


def _truncated_normal(rng: np.random.Generator, mean: float, sd: float, low: float, high: float) -> float:
    for _ in range(200):
        x = rng.normal(mean, sd)
        if low <= x <= high:
            return float(x)
    return float(np.clip(mean, low, high))


def _value_allowed(finding: str, condition: str, present: bool, threshold: float) -> bool:
    p = FINDINGS[finding].p[condition][0]
    return (p if present else 1.0 - p) >= threshold


def generate_case(seed: int, condition: str | None = None, classic: bool = True, include_mimics: bool = False) -> Case:
    """A synthetic patient drawn from a diagnosis's model; same seed, same case.

    classic: every reported finding shows the diagnosis's more likely value (P >= 0.5), and its key
    findings are always reported. Otherwise values are drawn at random among those with P >= 0.1.
    No test result is ever reported: choosing the next test is the learner's job.
    """
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more (got {seed!r})")
    rng = np.random.default_rng(int(seed))
    pool = DIAGNOSES if include_mimics else MAIN
    if condition is None:
        condition = pool[int(rng.integers(len(pool)))]
    elif condition not in CONDITIONS:
        raise ValueError(f"condition must be one of {', '.join(DIAGNOSES)} (got {condition!r})")
    c = CONDITIONS[condition]
    settings = CASE_SETTINGS.get(condition, (MIMIC_SETTING,))
    setting = settings[int(rng.integers(len(settings)))]

    # Age at onset from the onset model; a classic case keeps it on the typical side of 40.
    p_young = FINDINGS["onset_before_40"].p[condition][0]
    low, high = 5.0, 85.0
    if classic:
        low, high = (5.0, 39.0) if p_young >= TYPICAL else (40.0, 85.0)
    onset = int(_truncated_normal(rng, c.onset_mean, c.onset_sd, low, high))
    young = onset < 40
    if not _value_allowed("onset_before_40", condition, young, TYPICAL if classic else PLAUSIBLE):
        onset, young = (39, True) if not young else (40, False)
    duration = round(float(rng.uniform(*c.duration_years)), 2)
    age = int(min(95, onset + int(duration)))
    sex = "female" if rng.random() < c.female else "male"

    threshold = TYPICAL if classic else PLAUSIBLE
    others = [k for k in BEDSIDE if k not in c.key_findings and k != "onset_before_40"]
    rng.shuffle(others)
    chosen = list(c.key_findings) if classic else [k for k in c.key_findings if rng.random() < 0.8]
    chosen += [k for k in others if rng.random() < (0.35 if classic else 0.4)]
    findings = []
    for k in dict.fromkeys(chosen):  # keeps order, drops repeats
        if k == "onset_before_40":
            findings.append((k, young))
            continue
        p = FINDINGS[k].p[condition][0]
        if classic:
            present = p >= TYPICAL
        else:
            present = bool(rng.random() < p)
            if not _value_allowed(k, condition, present, threshold):
                present = not present
        findings.append((k, present))
    if not any(k == "onset_before_40" for k, _ in findings):
        findings.insert(0, ("onset_before_40", young))  # the vignette always states the age at onset
    order = {k: i for i, k in enumerate(FINDING_KEYS)}
    findings.sort(key=lambda kv: (GROUPS.index(FINDINGS[kv[0]].group), order[kv[0]]))
    return Case(
        seed=int(seed),
        condition=condition,
        setting=setting,
        classic=classic,
        age=age,
        onset_age=onset,
        sex=sex,
        complaint=c.complaints[int(rng.integers(len(c.complaints)))],
        context=c.contexts[int(rng.integers(len(c.contexts)))],
        findings=tuple(findings),
        best_test=c.best_test,
        duration=duration,
    )


def case_problems(case: Case) -> list[str]:
    """Ways a case contradicts its diagnosis's model (empty when consistent)."""
    problems = []
    if case.condition not in CONDITIONS:
        return [f"unknown diagnosis {case.condition!r}"]
    c = CONDITIONS[case.condition]
    threshold = TYPICAL if case.classic else PLAUSIBLE
    if case.setting not in SETTINGS or SETTINGS[case.setting].priors[case.condition] <= 0:
        problems.append(f"setting {case.setting!r} gives {case.condition} no pre-test probability")
    if case.sex not in ("female", "male"):
        problems.append(f"sex {case.sex!r}")
    if not 0 < case.onset_age <= case.age or case.age != min(95, case.onset_age + int(case.duration)):
        problems.append(f"onset age {case.onset_age} does not fit age {case.age}")
    if case.best_test != c.best_test:
        problems.append(f"best test {case.best_test} is not {c.best_test}")
    for k, v in case.findings:
        if k not in FINDINGS:
            problems.append(f"unknown finding {k}")
            continue
        if FINDINGS[k].group == "test":
            problems.append(f"a test result ({k}) is reported")
        if not _value_allowed(k, case.condition, v, threshold):
            problems.append(f"{k}={v} has P < {threshold} under {case.condition}")
    obs = case.observations
    if "onset_before_40" in obs and obs["onset_before_40"] != (case.onset_age < 40):
        problems.append("onset-before-40 finding disagrees with the onset age")
    if case.classic:
        missing = [k for k in c.key_findings if k not in obs]
        if missing:
            problems.append(f"classic case lacks key findings {missing}")
    return problems


# --- the comparison tables (templates; {ID} is filled with the figure and its citation) ----------------

COMPARISON_HEADERS = ("Feature", "Hemifacial spasm", "Blepharospasm (BEB)", "Eyelid myokymia")
# fmt: off
COMPARISON = (
    ("What it is", "{EPI-22}", "{BEB-01}", "{MYO-01}"),
    ("Laterality", "One side; bilateral only in {EPI-11}", "{BEB-02}", "{MYO-02}"),
    ("Muscles and pattern", "{PRO-01}; {PRO-03}", "Early symptoms: {BEB-04}; spread: {BEB-08}",
     "Orbicularis oculi of one lid only; EMG: {MYO-07}"),
    ("Synchrony", "{DXA-15}", "Both eyes close together", "{DXA-16}"),
    ("In sleep", "{SIG-08}; polysomnography: {SIG-07}", "Relieved by: {BEB-05}", "Not described in our sources"),
    ("Sensory tricks", "No figure in our sources", "{DXA-21}", "Not described in our sources"),
    ("Brow", "{SIG-01}; present in {DXA-04}", "Brow-lift sign absent: {BEB-15}", "The brow does not move"),
    ("Age and sex", "Onset {EPI-07}; {EPI-06}", "{BEB-03}", "No age figure in our sources; {MYK-03}"),
    ("Course", "{EPI-20}; in one selected untreated cohort: {DM-BTX-11}", "Chronic; spreads beyond the eyes: {BEB-08}",
     "{MYO-03}; when it persists for a year or more (chronic myokymia): {MYK-01}"),
    ("Cause", "{EPI-13}", "{BEB-11}", "Triggers: {MYO-04}"),
    ("Tests that help", "MRI: {IMG-04}; EMG: {EMG-01}", "Clinical; tell it from apraxia of lid opening: {BEB-10}",
     "Work-up: {MYO-06}"),
    ("First-line treatment", "{DEC-01}", "{BEB-13}", "{MYO-11}"),
)
# fmt: on

MIMICS_HEADERS = ("Mimic", "What sets it apart", "Test or step that helps", "Treatment in our sources")
MIMICS = (
    (
        "Post-facial-palsy synkinesis",
        "{MIM-05}; brow-lift sign: {MIM-06}",
        "EMG: {DXA-08}",
        "Botulinum toxin; one series treated synkinesis alongside HFS and blepharospasm: {L3-SYNKINESIS-TOXIN}",
    ),
    (
        "Functional (psychogenic) facial spasm",
        "{MIM-02}",
        "None specific: positive clinical signs",
        "Not in our sources",
    ),
    ("Facial tics", "{MIM-07}", "None: a clinical diagnosis", "Not in our sources"),
    ("Hemimasticatory spasm", "Jaw-closing muscles, driven by CN V: {ANA-19}", "Mechanism: {MIM-04}", "{MIM-03}"),
    ("Facial myokymia from MS or a brainstem lesion", "{MYO-09}; {MYO-10}", "MRI: {MYO-08}", "Not in our sources"),
    ("Focal motor seizures", "{MIM-08}", "{EMG-14}", "Not in our sources"),
    ("Tardive and other dyskinesias", "{MIM-10}", "Review the medicines", "Not in our sources"),
    ("Meige syndrome (blepharospasm with oromandibular dystonia)", "{MIM-11}", "Clinical", "Not in our sources"),
)


# Every evidence id the model's numbers and texts rest on (checked against the store by the tests).
def evidence_ids() -> set[str]:
    ids = set()
    for f in FINDINGS.values():
        ids.update(e for _, e in f.p.values())
        ids.update(f.red_flag_evidence)
    for c in CONDITIONS.values():
        ids.update(c.best_test_evidence)
        ids.update(c.evidence)
    for s in SETTINGS.values():
        ids.update(s.evidence)
    ids.update({"L3-INDEPENDENCE", "L3-AGE-MODEL", "L3-SEX", "L3-VIGNETTE"})
    return ids
