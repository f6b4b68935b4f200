"""The capstone's clinical cases: load and validate `lessons/cases/*.yaml` (synthetic patients).

Pure: YAML and the course's other models only, no ipywidgets or plotly. A broken case file fails
loudly with a ValueError naming the file and the field, e.g.
    "lessons/cases/01-atypical-hfs.yaml: field 'questions[2].options' needs exactly one correct option (has 2)"
so a bad case stops `make test` instead of reaching a learner.

Case file format (one file per case):
    id, order, title, diagnosis, focus, synthetic: true
    patient: {age, sex: female|male, side: left|right|both}
    history: text;  examination: [text, ...]
    face: {title, subtitle (optional), states: {side: {muscle: state}}, labels: {side: {muscle: label}}}
    differential: {setting, bedside: {finding: true|false}, tests: {...}}  or  {not_used: why}
    tests: {results: text, lsr: compressed|decompressed|none, note: text}
    treatment: {decision_model: {age: n} (optional), note: text}
    questions: [{id, stage: anatomy|differential|tests|treatment, stem, evidence: [ids], explanation,
                 options: [{text, correct, feedback}, ...]}]   (each stage at least once, in that order)
    decisive_findings: [text, ...];  evidence: [ids]
Every text may carry {ID} evidence templates; every id must exist in lessons/evidence.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import content, evidence, quiz
from ..differential import model as differential
from ..face import FACE_STATES, MUSCLES, SIDES, TERMINAL_BRANCHES
from ..progression import model as progression
from ..treatment import model as treatment

CASES_DIR = evidence.LESSONS_DIR / "cases"
STAGES = ("anatomy", "differential", "tests", "treatment")
LSR_MODES = ("compressed", "decompressed", "none")
SEXES = ("female", "male")
PATIENT_SIDES = (*SIDES, "both")
BRANCH_ABBREVIATIONS = {"temporal": "T", "zygomatic": "Z", "buccal": "B", "marginal mandibular": "MM", "cervical": "C"}
REQUIRED = (
    "id",
    "order",
    "title",
    "diagnosis",
    "focus",
    "synthetic",
    "patient",
    "history",
    "examination",
    "face",
    "differential",
    "tests",
    "treatment",
    "questions",
    "decisive_findings",
    "evidence",
)


class CaseError(content.ContentError):
    """A broken case file; the message names the file and the field (a ContentError, a ValueError)."""


Option = quiz.Option  # a case's options are the quiz engine's (text, correct, feedback, more)


@dataclass(frozen=True)
class Question(quiz.Question):
    """A case's question is a quiz-engine item (graded, staged and rendered by widgets.quiz / quizview) with
    the stage of the case it belongs to and the point it makes once answered."""

    stage: str = ""
    explanation: str = ""

    @property
    def correct_index(self) -> int:
        return next(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Candidate:
    key: str  # a diagnosis of lesson 3's model, or the case's own key when the model is not used
    name: str


@dataclass(frozen=True)
class FindingItem:
    key: str
    text: str  # the finding as the learner reads it (ticked if present)
    present: bool  # in this patient


@dataclass(frozen=True)
class LearnerDifferential:
    """What the learner sets before the capstone shows its own: the findings to tick and the diagnoses to rank."""

    findings: tuple[FindingItem, ...]  # in a fixed order that does not give the answer away
    candidates: tuple[Candidate, ...]  # shown in alphabetical order, never in the course's order
    ranking: tuple[str, ...]  # the course's ranking, most likely first
    note: str  # why the course ranks them so

    def name(self, key: str) -> str:
        return next(c.name for c in self.candidates if c.key == key)


@dataclass(frozen=True)
class Comparison:
    """The learner's differential against the course's."""

    missed: tuple[str, ...]  # keys of findings present but not ticked
    extra: tuple[str, ...]  # keys of findings ticked but absent
    top_match: bool
    same_place: int
    far: tuple[tuple[str, int, int], ...]  # (candidate, learner's place, course's place) two or more places apart


@dataclass(frozen=True)
class Face:
    title: str
    states: dict  # (muscle, side) -> state name of face.FACE_STATES
    labels: dict  # (muscle, side) -> short word drawn on the face
    subtitle: str = ""  # a second, smaller title line (keeps the title short enough for the face's width)


@dataclass(frozen=True)
class Differential:
    setting: str | None  # None: the Bayesian differential does not apply to this case (note says why)
    bedside: dict
    tests: dict
    note: str = ""
    learner: LearnerDifferential | None = None


@dataclass(frozen=True)
class Tests:
    results: str
    lsr: str  # which lateral-spread-response schematic to show: compressed, decompressed or none
    note: str
    stimulate: str = "zygomatic"
    record: str = "mentalis"


@dataclass(frozen=True)
class Treatment:
    decision_age: int | None  # run the decision model at this age; None: the model does not apply
    note: str


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    order: int
    title: str
    diagnosis: str
    focus: str
    age: int
    sex: str
    side: str
    history: str
    examination: tuple[str, ...]
    face: Face
    differential: Differential
    tests: Tests
    treatment: Treatment
    questions: tuple[Question, ...]
    decisive_findings: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def female(self) -> bool:
        return self.sex == "female"

    def question(self, stage: str) -> Question:
        """The first question of a stage (every case has one per stage)."""
        if stage not in STAGES:
            raise ValueError(f"stage must be one of {', '.join(STAGES)} (got {stage!r})")
        return next(q for q in self.questions if q.stage == stage)

    def texts(self) -> list[str]:
        """Every learner-facing text of the case (for template checks and the reference list)."""
        out = [
            self.focus,
            self.history,
            *self.examination,
            self.face.title,
            self.differential.note,
            self.tests.results,
            self.tests.note,
            self.treatment.note,
            *self.decisive_findings,
            self.face.subtitle,
        ]
        for q in self.questions:
            out += [q.stem, q.explanation, q.hint, *(o.text for o in q.options)]
            out += [*(o.feedback for o in q.options), *(o.more for o in q.options)]
        learner = self.differential.learner
        if learner is not None:
            out += [learner.note, *(f.text for f in learner.findings), *(c.name for c in learner.candidates)]
        return [t for t in out if t]

    def evidence_ids(self) -> tuple[str, ...]:
        """Every evidence id the case cites, in first-use order: listed ids, question ids, then templates."""
        ids = list(self.evidence)
        for q in self.questions:
            ids += q.evidence
        for text in self.texts():
            ids += evidence.ID_PATTERN.findall(text)
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Step:
    kind: str  # history, examination, ranking (the learner sets the differential), question or summary
    title: str
    question: Question | None = None


# --- parsing -----------------------------------------------------------------------------------


def _fail(where: str, field: str, problem: str):
    raise CaseError(f"{where}: field '{field}' {problem}")


def _text(where: str, raw: dict, field: str, name: str | None = None) -> str:
    value = raw.get(field)
    label = name or field
    if value is None or (isinstance(value, str) and not value.strip()):
        _fail(where, label, "is required")
    if not isinstance(value, str):
        _fail(where, label, f"must be text (got {content.short(value)})")
    return " ".join(value.split())  # YAML block text: one paragraph, single spaces


def _optional_text(where: str, raw: dict, field: str, name: str | None = None) -> str:
    """Text that may be left out; a list, mapping or number is an error, never shown as its repr."""
    if raw.get(field) is None:
        return ""
    return _text(where, raw, field, name) if not (isinstance(raw[field], str) and not raw[field].strip()) else ""


def _texts(where: str, raw: dict, field: str) -> tuple[str, ...]:
    """A non-empty list of texts (examination, decisive_findings): every item must be text."""
    return tuple(
        _text(where, {"item": item}, "item", f"{field}[{k}]") for k, item in enumerate(_list(where, raw, field))
    )


def _ident(where: str, raw: dict, field: str, name: str | None = None) -> str:
    """An id: text without spaces."""
    value = raw.get(field)
    if value is None or value == "":
        _fail(where, name or field, "is required")
    if not isinstance(value, str) or not value.strip() or value != value.strip() or " " in value:
        _fail(where, name or field, f"must be an id: text without spaces (got {content.short(value)})")
    return value


def _choice(where: str, field: str, value, allowed) -> None:
    """`value` must be one of `allowed` (a list or dict never is; and never raises TypeError on a dict)."""
    if not isinstance(value, str) or value not in allowed:
        _fail(where, field, f"must be one of {', '.join(allowed)} (got {content.short(value)})")


def _mapping(where: str, raw: dict, field: str, name: str | None = None) -> dict:
    value = raw.get(field)
    if not isinstance(value, dict) or not value:
        _fail(where, name or field, "is required and must be a mapping")
    return value


def _list(where: str, raw: dict, field: str, name: str | None = None) -> list:
    value = raw.get(field)
    if not isinstance(value, list) or not value:
        _fail(where, name or field, "is required and must be a non-empty list")
    return value


def _check_ids(where: str, field: str, ids, store) -> tuple[str, ...]:
    out = []
    for k, entry_id in enumerate(ids):
        if not isinstance(entry_id, str):
            _fail(where, f"{field}[{k}]", f"must be an evidence id such as ANA-01 (got {content.short(entry_id)})")
        if entry_id not in store.entries:
            _fail(where, field, f"names unknown evidence id '{entry_id}' (not in lessons/evidence.yaml)")
        out.append(entry_id)
    return tuple(out)


def _parse_face(where: str, raw: dict) -> Face:
    face = _mapping(where, raw, "face")
    title = _text(where, face, "title", "face.title")
    states, labels = {}, {}
    for side, muscles in _mapping(where, face, "states", "face.states").items():
        if side not in SIDES:
            _fail(where, f"face.states.{side}", f"must be a side of the patient, {' or '.join(SIDES)}")
        if not isinstance(muscles, dict):
            _fail(where, f"face.states.{side}", "must map muscles to states")
        for muscle, state in muscles.items():
            if muscle not in MUSCLES:
                _fail(where, f"face.states.{side}.{muscle}", f"is not a muscle of the face ({', '.join(MUSCLES)})")
            _choice(where, f"face.states.{side}.{muscle}", state, FACE_STATES)
            states[(muscle, side)] = state
    raw_labels = face.get("labels") or {}
    if not isinstance(raw_labels, dict):
        _fail(where, "face.labels", f"must map sides to {{muscle: label}} (got {content.short(raw_labels)})")
    for side, muscles in raw_labels.items():
        muscles = muscles or {}
        if not isinstance(muscles, dict):
            _fail(where, f"face.labels.{side}", f"must map muscles to labels (got {content.short(muscles)})")
        for muscle in muscles:
            if not isinstance(side, str) or not isinstance(muscle, str) or (muscle, side) not in states:
                _fail(where, f"face.labels.{side}.{muscle}", "labels a muscle that face.states does not paint")
            label = muscles[muscle]
            if label is not None and not isinstance(label, str):  # "" is allowed: painted, but no word drawn
                _fail(where, f"face.labels.{side}.{muscle}", f"must be text (got {content.short(label)})")
            labels[(muscle, side)] = label or ""
    subtitle = _optional_text(where, face, "subtitle", "face.subtitle")
    return Face(title, states, labels, subtitle)


def _observations(where: str, field: str, raw, group_is_test: bool) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        _fail(where, field, "must map findings to true or false")
    try:
        obs = differential.check_observations(raw)
    except ValueError as exc:
        _fail(where, field, f"is not valid: {exc}")
    for key in obs:
        if (differential.FINDINGS[key].group == "test") != group_is_test:
            kind = "a test result" if not group_is_test else "a bedside finding (history or examination)"
            _fail(where, f"{field}.{key}", f"is {kind}; bedside findings go in 'bedside', test results in 'tests'")
    return obs


def _parse_differential(where: str, raw: dict) -> Differential:
    d = _mapping(where, raw, "differential")
    if "not_used" in d:
        note = _text(where, d, "not_used", "differential.not_used")
        return Differential(None, {}, {}, note, _parse_learner(where, d, None, {}))
    setting = d.get("setting")
    _choice(where, "differential.setting", setting, differential.SETTINGS)
    bedside = _observations(where, "differential.bedside", d.get("bedside"), group_is_test=False)
    if not bedside:
        _fail(where, "differential.bedside", "is required: the findings of the history and examination")
    tests = _observations(where, "differential.tests", d.get("tests"), group_is_test=True)
    note = _optional_text(where, d, "note", "differential.note")
    return Differential(setting, bedside, tests, note, _parse_learner(where, d, setting, bedside))


def _parse_tests(where: str, raw: dict) -> Tests:
    t = _mapping(where, raw, "tests")
    lsr = t.get("lsr")
    _choice(where, "tests.lsr", lsr, LSR_MODES)
    stimulate = t.get("stimulate", "zygomatic")
    _choice(where, "tests.stimulate", stimulate, TERMINAL_BRANCHES)
    record = t.get("record", "mentalis")
    if not isinstance(record, str) or record not in MUSCLES or not MUSCLES[record].is_facial:
        _fail(where, "tests.record", f"must be a facial-nerve muscle (got {content.short(record)})")
    if lsr != "none" and MUSCLES[record].branches[0] == stimulate:
        _fail(
            where,
            "tests.record",
            "must belong to another branch than the stimulated one (that is the point of the test)",
        )
    return Tests(
        _text(where, t, "results", "tests.results"), lsr, _text(where, t, "note", "tests.note"), stimulate, record
    )


def _parse_treatment(where: str, raw: dict, age: int) -> Treatment:
    t = _mapping(where, raw, "treatment")
    note = _text(where, t, "note", "treatment.note")
    model_cfg = t.get("decision_model")
    if model_cfg is None:
        return Treatment(None, note)
    if not isinstance(model_cfg, dict):
        _fail(where, "treatment.decision_model", "must be a mapping such as {age: 74}")
    decision_age = model_cfg.get("age", age)
    low, high = treatment.PARAMETER_SPECS["age0"].allowed
    if isinstance(decision_age, bool) or not isinstance(decision_age, int) or not low <= decision_age <= high:
        _fail(
            where,
            "treatment.decision_model.age",
            f"must be a whole number between {low:g} and {high:g} (got {content.short(decision_age)})",
        )
    return Treatment(decision_age, note)


STAGE_OBJECTIVES = {"anatomy": "O1", "differential": "O2", "tests": "O3", "treatment": "O5"}  # the default per stage
QUESTION_FIELDS = ("id", "stage", "objective", "stem", "hint", "format", "evidence", "options", "explanation")


@lru_cache(maxsize=1)
def lesson_objectives() -> dict[str, str]:
    """The capstone's objectives, as its question bank states them (a case question assesses one of them)."""
    return quiz.load_bank("06-clinical-cases").objectives


def _parse_question(where: str, n: int, raw, store) -> Question:
    """A case question is a quiz-engine item: the case checks its own fields (stage, evidence, explanation,
    exactly one right option), then widgets.quiz parses it as it parses a bank's item."""
    field = f"questions[{n}]"
    if not isinstance(raw, dict):
        _fail(where, field, "must be a mapping")
    qid = _ident(where, raw, "id", f"{field}.id")
    stage = raw.get("stage")
    _choice(where, f"{field}.stage", stage, STAGES)
    unknown = [k for k in raw if k not in QUESTION_FIELDS]
    if unknown:
        _fail(
            where, field, f"has unknown fields {', '.join(map(str, unknown))} (allowed: {', '.join(QUESTION_FIELDS)})"
        )
    _text(where, raw, "stem", f"{field}.stem")
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        _fail(where, f"{field}.options", "needs at least two options")
    for k, opt in enumerate(raw_options):
        name = f"{field}.options[{k}]"
        if not isinstance(opt, dict):
            _fail(where, name, "must be a mapping with text, correct and feedback")
        correct = opt.get("correct", False)
        if not isinstance(correct, bool):
            _fail(where, f"{name}.correct", f"must be true or false (got {content.short(correct)})")
        _text(where, opt, "text", f"{name}.text")
        _text(where, opt, "feedback", f"{name}.feedback")
    n_correct = sum(o.get("correct", False) is True for o in raw_options)
    if n_correct != 1:
        _fail(where, f"{field}.options", f"needs exactly one correct option (has {n_correct})")
    ids = raw.get("evidence")
    if not isinstance(ids, list) or not ids:
        _fail(where, f"{field}.evidence", "is required: the evidence ids the answer rests on")
    _check_ids(where, f"{field}.evidence", ids, store)
    explanation = _text(where, raw, "explanation", f"{field}.explanation")
    item = {k: v for k, v in raw.items() if k not in ("stage", "explanation")}
    item.setdefault("objective", STAGE_OBJECTIVES[stage])
    item["stem"] = " ".join(raw["stem"].split())
    try:
        q = quiz.parse_question(item, f"{where}: {field}", lesson_objectives(), lambda: store.entries, qid=qid)
    except quiz.QuizBankError as exc:
        raise CaseError(str(exc)) from None
    fields = {f: getattr(q, f) for f in quiz.Question.__dataclass_fields__}
    return Question(**fields, stage=stage, explanation=explanation)


def _parse_learner(where: str, d: dict, setting: str | None, bedside: dict) -> LearnerDifferential:
    """The learner's task: tick the findings present, rank the candidates. For a case in lesson 3's model the
    findings are its bedside findings and the candidates its diagnoses; otherwise the case lists both."""
    places = d.get("ranking")
    if not isinstance(places, dict) or len(places) < 3:
        _fail(where, "differential.ranking", "is required: the course's place of each of three or more candidates")
    for key, place in places.items():
        if isinstance(place, bool) or not isinstance(place, int):
            _fail(where, f"differential.ranking.{key}", f"must be a place 1, 2, 3… (got {content.short(place)})")
    if sorted(places.values()) != list(range(1, len(places) + 1)):
        _fail(where, "differential.ranking", f"must give the places 1 to {len(places)}, each once")
    raw_ranking = sorted(places, key=places.get)
    if setting is not None:
        allowed = {k: c.name for k, c in differential.CONDITIONS.items()}
        findings = tuple(FindingItem(k, differential.FINDINGS[k].present, v) for k, v in bedside.items())
    else:
        raw_candidates = _mapping(where, d, "candidates", "differential.candidates")
        allowed = {}
        for key in raw_candidates:
            if not isinstance(key, str) or " " in key:
                _fail(where, "differential.candidates", f"keys must be ids without spaces (got {content.short(key)})")
            allowed[key] = _text(where, raw_candidates, key, f"differential.candidates.{key}")
        items = []
        for k, raw_f in enumerate(_list(where, d, "findings", "differential.findings")):
            if not isinstance(raw_f, dict) or not isinstance(raw_f.get("present"), bool):
                _fail(where, f"differential.findings[{k}]", "must be a mapping {text, present: true|false}")
            items.append(
                FindingItem(f"f{k}", _text(where, raw_f, "text", f"differential.findings[{k}].text"), raw_f["present"])
            )
        findings = tuple(items)
    for key in raw_ranking:
        if not isinstance(key, str) or key not in allowed:
            _fail(where, f"differential.ranking.{key}", f"is not a candidate; candidates: {', '.join(allowed)}")
    if setting is None and set(raw_ranking) != set(allowed):
        _fail(where, "differential.ranking", "must rank every candidate once")
    if not any(f.present for f in findings) or all(f.present for f in findings):
        _fail(where, "differential", "needs findings both present and absent, or ticking everything would pass")
    candidates = tuple(sorted((Candidate(k, allowed[k]) for k in raw_ranking), key=lambda c: c.name.lower()))
    note = _text(where, d, "ranking_note", "differential.ranking_note")
    return LearnerDifferential(findings, candidates, tuple(raw_ranking), note)


def parse_case(raw, filename: str) -> Case:
    """One case from its parsed YAML; `filename` is used in error messages."""
    where = f"lessons/cases/{filename}"
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: expected a mapping with the fields {', '.join(REQUIRED)}")
    for field in REQUIRED:
        if raw.get(field) in (None, "", [], {}):
            _fail(where, field, "is required")
    store = evidence.store()
    if raw["synthetic"] is not True:
        _fail(where, "synthetic", "must be true: every case of the course is a synthetic patient")
    order = raw["order"]
    if isinstance(order, bool) or not isinstance(order, int) or order < 1:
        _fail(where, "order", f"must be a whole number from 1 (got {content.short(order)})")
    patient = _mapping(where, raw, "patient")
    age = patient.get("age")
    if isinstance(age, bool) or not isinstance(age, int) or not 1 <= age <= 110:
        _fail(where, "patient.age", f"must be a whole number of years between 1 and 110 (got {content.short(age)})")
    sex = patient.get("sex")
    _choice(where, "patient.sex", sex, SEXES)
    side = patient.get("side")
    _choice(where, "patient.side", side, PATIENT_SIDES)
    examination = _texts(where, raw, "examination")
    questions = tuple(_parse_question(where, n, q, store) for n, q in enumerate(_list(where, raw, "questions")))
    seen_ids = [q.id for q in questions]
    if len(set(seen_ids)) != len(seen_ids):
        _fail(where, "questions", f"has duplicate question ids ({', '.join(seen_ids)})")
    stages = [q.stage for q in questions]
    missing = [s for s in STAGES if s not in stages]
    if missing:
        _fail(where, "questions", f"needs a question for every stage; missing: {', '.join(missing)}")
    if stages != sorted(stages, key=STAGES.index):
        _fail(where, "questions", f"must follow the order {' → '.join(STAGES)} (got {' → '.join(stages)})")
    case = Case(
        id=_ident(where, raw, "id"),
        file=filename,
        order=order,
        title=_text(where, raw, "title"),
        diagnosis=_text(where, raw, "diagnosis"),
        focus=_text(where, raw, "focus"),
        age=age,
        sex=sex,
        side=side,
        history=_text(where, raw, "history"),
        examination=examination,
        face=_parse_face(where, raw),
        differential=_parse_differential(where, raw),
        tests=_parse_tests(where, raw),
        treatment=_parse_treatment(where, raw, age),
        questions=questions,
        decisive_findings=_texts(where, raw, "decisive_findings"),
        evidence=_check_ids(where, "evidence", _list(where, raw, "evidence"), store),
    )
    for text in case.texts():  # every {ID} in any text must resolve
        for entry_id in evidence.ID_PATTERN.findall(text):
            if entry_id not in store.entries:
                _fail(
                    where,
                    "text",
                    f"uses the template {{{entry_id}}}, an unknown evidence id (not in lessons/evidence.yaml)",
                )
    return case


def load_case(path: Path | str) -> Case:
    """One case file through the strict content loader (no aliases, no duplicate keys, size capped)."""
    path = Path(path)
    raw = content.load_yaml(path, error=CaseError, name=f"lessons/cases/{path.name}")  # parse_case names it so too
    return parse_case(raw, path.name)


def load_cases(directory: Path | str = CASES_DIR) -> dict[str, Case]:
    """Every case in the folder, in teaching order; ids and orders must be unique."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise CaseError(f"lessons/cases: no case files (*.yaml) found in {directory.name}/")
    cases = [load_case(p) for p in paths]
    for field in ("id", "order"):
        values = [getattr(c, field) for c in cases]
        for c in cases:
            if values.count(getattr(c, field)) > 1:
                _fail(f"lessons/cases/{c.file}", field, f"{getattr(c, field)!r} is used by more than one case")
    return {c.id: c for c in sorted(cases, key=lambda c: c.order)}


@lru_cache(maxsize=1)
def course_cases() -> dict[str, Case]:
    """The course's cases, loaded and validated once per process."""
    return load_cases()


def case(case_id: str) -> Case:
    cases = course_cases()
    if case_id not in cases:
        raise ValueError(f"case must be one of {', '.join(cases)} (got {case_id!r})")
    return cases[case_id]


# --- what each step shows --------------------------------------------------------------------------


def steps(c: Case) -> tuple[Step, ...]:
    """History, examination, one step per question, then the summary; the learner's own differential (tick the
    findings, rank the diagnoses) comes just before the differential question, so it is set before the
    capstone shows its own."""
    stage_titles = {
        "anatomy": "Anatomy",
        "differential": "Differential diagnosis",
        "tests": "Tests",
        "treatment": "Treatment",
    }
    out = [Step("history", "History"), Step("examination", "Examination")]
    first_differential = c.question("differential")
    for q in c.questions:
        if q is first_differential and c.differential.learner is not None:
            out.append(Step("ranking", "Your differential"))
        out.append(Step("question", stage_titles[q.stage], q))
    return (*out, Step("summary", "Summary"))


def compare(learner: LearnerDifferential, ticked, ranking) -> Comparison:
    """The learner's ticks and ranking against the course's. `ticked`: keys of the findings ticked present;
    `ranking`: every candidate key once, most likely first."""
    keys = {f.key for f in learner.findings}
    ticked = set(ticked)
    if not ticked <= keys:
        raise ValueError(
            f"ticked findings must be among {', '.join(sorted(keys))} (got {', '.join(sorted(ticked - keys))})"
        )
    ranking = list(ranking)
    if sorted(ranking) != sorted(learner.ranking):
        names = ", ".join(c.name for c in learner.candidates)
        raise ValueError(f"ranking must place every candidate once ({names})")
    missed = tuple(f.key for f in learner.findings if f.present and f.key not in ticked)
    extra = tuple(f.key for f in learner.findings if not f.present and f.key in ticked)
    course = {k: i for i, k in enumerate(learner.ranking, 1)}
    mine = {k: i for i, k in enumerate(ranking, 1)}
    far = tuple((k, mine[k], course[k]) for k in learner.ranking if abs(mine[k] - course[k]) >= 2)
    return Comparison(missed, extra, ranking[0] == learner.ranking[0], sum(mine[k] == course[k] for k in course), far)


def grade(question: Question, choice: int) -> bool:
    if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(question.options):
        raise ValueError(f"choice must be an option number between 0 and {len(question.options) - 1} (got {choice!r})")
    return question.options[choice].correct


def findings_at(c: Case, level: str) -> dict:
    """The Bayesian differential's findings: 'bedside' (history + examination) or 'tests' (both)."""
    if level not in ("bedside", "tests"):
        raise ValueError(f"level must be 'bedside' or 'tests' (got {level!r})")
    if c.differential.setting is None:
        raise ValueError(f"case {c.id!r} does not use the Bayesian differential")
    return dict(c.differential.bedside) if level == "bedside" else {**c.differential.bedside, **c.differential.tests}


def differential_setup(case_id: str, level: str = "tests") -> dict:
    """Arguments for lesson 3's BayesianDifferential set to a case: its setting, its findings at
    `level` (bedside only when the case has no tests) and what they describe."""
    c = case(case_id)
    if c.differential.setting is None:
        raise ValueError(f"case must use the Bayesian differential; {case_id!r} does not")
    findings = findings_at(c, level if c.differential.tests else "bedside")
    return {"setting": c.differential.setting, "findings": findings, "about": f"Case {c.order}: {c.title}"}


def anatomy_paint(c: Case) -> tuple[dict, dict]:
    """The face at the anatomy answer: each examined facial muscle 'selected' and labelled with its
    branch (T, Z, B, MM, C); a muscle of another nerve keeps the 'other_nerve' cue."""
    states, labels = {}, {}
    for muscle, side in c.face.states:
        m = MUSCLES[muscle]
        if m.is_facial:
            states[(muscle, side)] = "selected"
            labels[(muscle, side)] = BRANCH_ABBREVIATIONS[m.branches[0]]
        else:
            states[(muscle, side)] = "other_nerve"
            labels[(muscle, side)] = "V"
    return states, labels


def lsr_recording(c: Case) -> progression.LsrRecording | None:
    """The lateral-spread-response schematic of lesson 2 for this case, or None when EMG is not used."""
    if c.tests.lsr == "none":
        return None
    return progression.lateral_spread_response(c.tests.stimulate, c.tests.record, c.tests.lsr)


def decision_parameters(c: Case, age: int | None = None) -> treatment.Parameters:
    """The decision model's inputs for this patient: the base case with the patient's age and sex."""
    if c.treatment.decision_age is None:
        raise ValueError(f"case {c.id!r} does not use the decision model")
    age = c.treatment.decision_age if age is None else age
    return treatment.Parameters(age0=float(age), female=int(c.female))


__all__ = [
    "Case",
    "CaseError",
    "Question",
    "Option",
    "Step",
    "STAGES",
    "load_case",
    "load_cases",
    "course_cases",
    "case",
    "parse_case",
    "steps",
    "compare",
    "Comparison",
    "LearnerDifferential",
    "grade",
    "findings_at",
    "anatomy_paint",
    "lsr_recording",
    "decision_parameters",
]
