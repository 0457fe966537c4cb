"""The words of the method: every controlled vocabulary, its labels and where it comes from.

Validation, analysis, diagrams and pages all read their terms from here, so a term is
added or renamed in one place. Labels are the project's own short wording; the sources
name the authors whose ideas the terms come from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    help: str = ""
    #: A Material icon shortcode for pages, e.g. ``:material-briefcase-outline:``.
    icon: str = ""
    #: A one-character mark for diagrams, where colour must not carry meaning alone.
    mark: str = ""


@dataclass(frozen=True)
class Vocabulary:
    field: str
    title: str
    source: str
    terms: tuple[Term, ...]
    #: ``dataclasses.field`` in full: the class's own ``field`` hides the function here.
    by_id: dict[str, Term] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {term.id: term for term in self.terms})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)

    def label(self, term_id: str) -> str:
        term = self.by_id.get(term_id)
        return term.label if term else term_id

    def __contains__(self, term_id: object) -> bool:
        return term_id in self.by_id

    def find(self, text: str) -> "Term | None":
        """The term a person means by ``text`` as they would type it in a spreadsheet or a
        prompt: its id or its label in any case (``Close``, ``Career support``, ``role model``),
        a plural (``Seniors``), or words naming one term only (``Getting the job done``,
        ``Close relationship``, ``Professional associations``); None when it names none, or more
        than one."""
        words = _words(text)
        if not words:
            return None
        for term in self.terms:
            if words in (_words(term.id), _words(term.label)):
                return term
        singular = [word.removesuffix("s") if len(word) > 3 else word for word in words]
        named = [term for term in self.terms
                 if _contains(words, _words(term.id)) or _contains(singular, _words(term.id))]
        if not named:  # "Professional associations", "institutional colleagues": one term's word begins one
            named = [term for term in self.terms
                     if any(word.startswith(part) for part in _words(term.id) if len(part) > 3 for word in words)]
        return named[0] if len(named) == 1 else None

    def __iter__(self):
        return iter(self.terms)


def _words(text: str) -> list[str]:
    return "".join(ch if ch.isalnum() else " " for ch in str(text).casefold()).split()


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


SUPPORT = Vocabulary(
    "support",
    "Kinds of support",
    "Developmental Network Exercise, after Kram & Higgins",
    (
        Term("job", "Gets the job done", "Expertise, technical advice, resources and leads that help get the work done.",
             ":material-briefcase-outline:", "J"),
        Term("career", "Career support", "Guidance, exposure to key people, opportunities and advocacy.",
             ":material-stairs-up:", "C"),
        Term("personal", "Personal support", "People to be oneself with: to share, decide, vent and recover.",
             ":material-heart-outline:", "P"),
    ),
)

ROLES = Vocabulary(
    "roles",
    "Mentoring roles",
    "Mentoring-network roles in research careers; sponsorship after Kram; connectors after De Janasz & Sullivan",
    (
        Term("developmental", "Developmental mentor", "Professional development and career advancement."),
        Term("skills", "Skills mentor", "Technical and scientific skills, methods, resources and training."),
        Term("work-life", "Work-life mentor", "Fitting work and the rest of life together."),
        Term("peer", "Peer mentor", "Someone at your career stage who shares the same challenges."),
        Term("mentee", "Mentee", "Someone you train, support and advise."),
        Term("sponsor", "Sponsor", "Someone with standing who speaks for you where it counts."),
        Term("coach", "Coach", "Helps you find your own answers to a focused question."),
        Term("connector", "Connector", "Introduces you to people you would not reach alone."),
        Term("role-model", "Role model", "Shows, by example, a path you might follow."),
    ),
)

#: The roles that make up a complete mentoring network for a researcher: each is a slot
#: in the roles diagram, and an empty slot is a gap.
CORE_ROLES = ("developmental", "skills", "work-life", "peer", "mentee")

PURPOSES = Vocabulary(
    "purposes",
    "Purposes of a network",
    "Ibarra (2015), Act Like a Leader, Think Like a Leader",
    (
        Term("operational", "Operational", "Getting today's work done well, mostly with people inside."),
        Term("personal", "Personal", "Growing yourself through contacts outside your organisation."),
        Term("strategic", "Strategic", "Seeing what is coming and getting support for where you want to go."),
    ),
)

KNOWING = Vocabulary(
    "knowing",
    "Ways of knowing",
    "De Janasz & Sullivan (2004), multiple mentoring in academe",
    (
        Term("why", "Knowing why", "Your motivation, values and sense of direction."),
        Term("how", "Knowing how", "The skills and know-how to do the work."),
        Term("whom", "Knowing whom", "The relationships and introductions that open doors."),
    ),
)

MENTORING = Vocabulary(
    "mentoring",
    "Forms of mentoring",
    "Forms of mentoring in mentoring-programme guidance",
    (
        Term("traditional", "Traditional", "One senior mentor guiding one mentee."),
        Term("sponsorship", "Sponsorship", "A mentor who actively advocates for your advancement."),
        Term("developmental", "Developmental", "Mutual learning focused on your growth."),
        Term("reverse", "Reverse", "You mentor someone more senior in what you know better."),
        Term("reciprocal", "Reciprocal", "Both learn from each other as equals."),
        Term("group", "Group", "One or more mentors with several mentees together."),
        Term("virtual", "Virtual", "Mentoring held mostly online."),
    ),
)

CLOSENESS = Vocabulary(
    "closeness",
    "Strength of the relationship",
    "Developmental Network Exercise",
    (
        Term("close", "Close", "You talk often and trust each other."),
        Term("moderate", "Moderate", "A working relationship with some trust."),
        Term("distant", "Distant", "Occasional contact; valuable but not close."),
    ),
)

SENIORITY = Vocabulary(
    "seniority",
    "Seniority",
    "Developmental Network Exercise",
    (
        Term("senior", "Senior", "Further along than you.", ":material-arrow-up-bold:", "▲"),
        Term("peer", "Peer", "At a similar stage.", ":material-arrow-left-right-bold:", "●"),
        Term("junior", "Junior", "Earlier in their career than you.", ":material-arrow-down-bold:", "▼"),
    ),
)

INFLUENCE = Vocabulary(
    "influence",
    "Power and influence",
    "Developmental Network Exercise: connections to power and influence",
    (
        Term("high", "High influence", "Shapes decisions in your department, institution or field."),
        Term("medium", "Some influence", "Listened to in parts of your world."),
        Term("low", "Little influence", "Valuable for other reasons."),
    ),
)

VISIBILITY = Vocabulary(
    "visibility",
    "Visibility",
    "mentornet",
    (
        Term("private", "Private", "Only you see it."),
        Term("mentor", "Mentor", "You and the mentors you share a mentor site with."),
        Term("public", "Public", "Anyone who can open your public page."),
    ),
)

SOCIAL_SYSTEMS = Vocabulary(
    "social_system",
    "Social systems",
    "Higgins & Kram (2001): the range of a developmental network, low or high",
    (
        Term("institution", "Own institution", "Colleagues in the same organisation."),
        Term("other-institutions", "Other institutions", "Universities, hospitals and labs elsewhere."),
        Term("industry", "Industry", "Companies, start-ups and practice."),
        Term("professional-bodies", "Professional bodies", "Societies, associations and networks of the field."),
        Term("funders", "Funders", "Funding bodies and programme officers."),
        Term("family-community", "Family and community", "Family, friends and communities outside work."),
        Term("online", "Online communities", "People you know through online communities."),
    ),
)

HORIZONS = Vocabulary(
    "horizon",
    "Goal horizons",
    "mentornet",
    (
        Term("short", "Short term", "About three months."),
        Term("medium", "Medium term", "About a year."),
        Term("long", "Long term", "Five years and more."),
    ),
)

JOURNAL_KINDS = Vocabulary(
    "kind",
    "Kinds of journal entry",
    "mentornet",
    (
        Term("meeting", "Meeting", "A conversation with people in your network.", ":material-account-group-outline:"),
        Term("note", "Note", "Something worth remembering.", ":material-note-text-outline:"),
        Term("event", "Event", "A talk, a conference, a workshop.", ":material-calendar-star:"),
        Term("reflection", "Reflection", "Thinking about your network and your goals.", ":material-thought-bubble-outline:"),
    ),
)

STAGES = Vocabulary(
    "stage",
    "Prospect stages",
    "Approaching a potential mentor, in mentoring-programme guidance",
    (
        Term("identified", "Identified", "You know whom and why."),
        Term("approached", "Approached", "You asked for a short conversation."),
        Term("conversation", "In conversation", "You have talked; a follow-up may lead to mentoring."),
        Term("mentoring", "Mentoring", "They agreed; add them to your network."),
        Term("declined", "Declined", "Not now; thank them and keep the door open."),
    ),
)

ACTIVITY_STATUS = Vocabulary(
    "status",
    "Activity status",
    "mentornet",
    (
        Term("planned", "Planned"),
        Term("doing", "Doing"),
        Term("done", "Done"),
        Term("dropped", "Dropped"),
    ),
)

#: What a goal may say it needs: any term of these vocabularies.
NEED_VOCABULARIES = (SUPPORT, PURPOSES, KNOWING, ROLES)


def need_label(term_id: str) -> str:
    for vocabulary in NEED_VOCABULARIES:
        if term_id in vocabulary:
            return vocabulary.label(term_id)
    return term_id


def need_ids() -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for vocabulary in NEED_VOCABULARIES:
        for term_id in vocabulary.ids:
            seen.setdefault(term_id, None)
    return tuple(seen)


ALL = (SUPPORT, ROLES, PURPOSES, KNOWING, MENTORING, CLOSENESS, SENIORITY, INFLUENCE, VISIBILITY,
       SOCIAL_SYSTEMS, HORIZONS, JOURNAL_KINDS, STAGES, ACTIVITY_STATUS)


@dataclass(frozen=True)
class Prompt:
    id: str
    theme: str
    text: str


#: Themes of the reflection prompts, in the order the reflections page shows them.
PROMPT_THEMES = Vocabulary(
    "theme",
    "Reflection themes",
    "Ibarra (2015) on network audits; mentoring-programme guidance on informal mentoring",
    (
        Term("understanding", "Understanding your network", "What your network is like today."),
        Term("cultivating", "Cultivating your network", "How it could grow with your goals."),
        Term("finding", "Finding and approaching mentors", "Whom to ask, and how."),
        Term("quality", "The quality of a mentoring relationship", "Rapport and clarity of purpose."),
    ),
)

#: The reflection prompts, in the project's own words. ``data/reflections.yaml`` answers
#: them by id; a prompt nobody answered yet is an invitation, not an error.
PROMPTS = (
    Prompt("describe-network", "understanding", "In a few sentences, how would you describe the network you have now?"),
    Prompt("who-supports-needs", "understanding", "For each of your current needs, who in your network could help?"),
    Prompt("purpose-of-mentoring", "understanding", "What do you want mentoring for right now? Is there one purpose above the others?"),
    Prompt("opportunities", "cultivating", "Where could your network grow, and what would it take?"),
    Prompt("wider-networks", "cultivating", "Which close and wider circles could you draw on to meet potential mentors?"),
    Prompt("new-networks", "cultivating", "Which new groups, societies or communities could you join?"),
    Prompt("first-step", "cultivating", "What is the first, concrete thing you will do for your network, or for a colleague's?"),
    Prompt("using-the-concept", "cultivating", "How could you use the idea of a developmental network with your own mentees or peers?"),
    Prompt("find-outside", "finding", "How could you spot future mentors outside the people you already know?"),
    Prompt("looking-for", "finding", "What are you looking for in a mentor?"),
    Prompt("good-mentee", "finding", "What makes you a mentee people enjoy working with?"),
    Prompt("approaching-strangers", "finding", "How easy is it for you to ask someone you have never met for a short conversation?"),
    Prompt("initial-to-follow-up", "finding", "After a first conversation, how would you move towards asking for mentoring?"),
    Prompt("formality", "quality", "Looking back, did a formal or an informal setting change what you got from mentoring?"),
    Prompt("rapport", "quality", "In your current mentoring relationships, is there rapport: openness, trust, a way of talking that works?"),
    Prompt("clarity-of-purpose", "quality", "Do you and each mentor agree on what the relationship is for and how you will work?"),
)

PROMPTS_BY_ID = {prompt.id: prompt for prompt in PROMPTS}


#: Named cadences and their length in days; "N days|weeks|months" is also understood.
CADENCES = {"weekly": 7, "fortnightly": 14, "monthly": 30, "bimonthly": 61, "quarterly": 91,
            "half-yearly": 182, "twice a year": 182, "yearly": 365, "annually": 365}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def cadence_days(text: str) -> int | None:
    """Days between expected contacts for a cadence such as ``monthly`` or ``6 weeks``."""
    words = " ".join(str(text).lower().replace("every", " ").split())
    if words in CADENCES:
        return CADENCES[words]
    parts = words.split(" ")
    if len(parts) == 2 and parts[0].isdigit() and int(parts[0]) > 0:
        unit = parts[1].removesuffix("s")
        if unit in _UNIT_DAYS:
            return int(parts[0]) * _UNIT_DAYS[unit]
    return None
