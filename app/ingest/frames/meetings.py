"""Who meets whom in a talks or call frame: one event per partner when a
subject meets several (分别, 先后, a list after 与, a list after a colon),
offices resolved to their holders (两国外长), the parties of an anaphoric
此次通话 taken from the topic of the paragraph or story."""
import re

from app.ingest.dates import DateValue
from app.ingest.entities import CountryMention, PersonMention
from app.ingest.frames.frame import LISTED_WITH, WITH_PARTY, Frame
from app.ingest.frames.when import VISIT_DAYS
from app.ingest.mentions import unique

def groups(frame: Frame, value: DateValue, sides) -> list[tuple[list[PersonMention], list[str]]]:
    people = frame.resolve_roles(frame.people, value)
    codes = unique([code for _, code in sides])
    if value.rule == VISIT_DAYS and len(codes) < 2:  # 访问期间，两国元首举行了会谈
        codes = unique(codes + frame.ctx.last_visit.countries)
        people = people or frame.resolve_roles(_both_offices(frame, codes), value)
    if len(codes) < 2 and len(people) < 2:
        listed = _colon_list(frame, people)
        if listed:
            return listed
        _maybe_list(frame, people)
        inherited, where = _topic(frame) if frame.anaphoric() else (None, "")
        if not inherited:
            return []
        frame.trail.append(f"parties from the {where}: {'/'.join(inherited)}")
        codes = unique(codes + inherited)
    split = re.search(r"分别|先后", frame.text[frame.start:frame.trigger.start()])
    if split:
        pivot = frame.start + split.start()
        if not any(p.span[0] > pivot for p in people):  # 同A、B、C分别通电话: the objects follow 同
            with_word = re.search(r"同|与|跟", frame.text[frame.start:pivot])
            pivot = frame.start + with_word.start() if with_word else pivot
        subject = [p for p in people if p.span[0] < pivot]
        subject_codes = unique([p.country for p in subject] + [c.code for c in frame.countries if c.span[0] < pivot])
        objects = unique([p for p in people if p.span[0] > pivot], key=lambda p: p.key) + \
                  unique([c for c in frame.countries if c.span[0] > pivot and not _country_of(c, people)],
                              key=lambda c: c.code)
        if subject_codes and len(objects) >= 2:
            return [_pair(frame, subject, subject_codes, obj) for obj in objects]
    return _each_partner(frame, people) or [(people, codes)]


def _each_partner(frame: Frame, people: list[PersonMention]) -> list[tuple[list[PersonMention], list[str]]]:
    """石破茂与习近平及尹锡悦会面, 会见了甲国总统A、乙国总理B: one subject and
    several partners listed after 与/同 (or after a transitive trigger) are
    one talk with each (ANNOTATION: lists) — unless the clause calls it one
    meeting of all (三方会谈, 三国领导人会晤, 共同)."""
    if frame.kind != "talks" or len(people) < 3 or \
            frame.gz.cue("one_meeting_of_all").search(frame.text, frame.comma_start, frame.clause_end):
        return []
    marker = WITH_PARTY.search(frame.text, frame.comma_start, frame.trigger.start())
    pivot = marker.start() if marker else frame.trigger.start()
    subject = [p for p in people if p.span[0] < pivot]
    partners = [p for p in people if p.span[0] > pivot]
    if len(subject) != 1 or len(partners) < 2 or not all(
            LISTED_WITH.fullmatch(frame.text, a.span[1], b.span[0]) for a, b in zip(partners, partners[1:])):
        return []
    frame.trail.append(f"one talk with each of {len(partners)} partners")
    return [([subject[0], partner], unique([subject[0].country, partner.country])) for partner in partners]


def _both_offices(frame: Frame, codes: list[str]) -> list[PersonMention]:
    """两国元首, 双方外长 in the trigger's clause: that office of each country."""
    clause = frame.text[frame.comma_start:frame.trigger.start()]
    title = re.search(rf"(?:两国|双方)({frame.gz.title_regex.pattern})", clause)
    if title is None:
        return []
    span = (frame.comma_start + title.start(1), frame.comma_start + title.end(1))
    return [PersonMention(span, title.group(1), code, title.group(1), frame.gz.office_of(title.group(1)),
                          role_only=True) for code in codes]


def _topic(frame: Frame) -> tuple[list[str] | None, str]:
    """The parties an anaphoric 上一次通话 refers to: of the paragraph's
    event of its type, else the story's."""
    if frame.kind in frame.ctx.topic:
        return frame.ctx.topic[frame.kind], "paragraph"
    return frame.ctx.story_topic.get(frame.kind), "story"


def _colon_list(frame: Frame, people) -> list[tuple[list[PersonMention], list[str]]]:
    """先后同6位外国领导人举行会晤：哈萨克斯坦总统…、印尼总统…: a counted
    or plural set of partners named in the list after the colon, one
    event with each."""
    plural = f"(?:{frame.gz.cues['counted_objects_pattern']}|{'|'.join(frame.gz.cues['plural_objects'])})"
    colon = re.match(r"[^，,。；;：:]*[：:]", frame.text[frame.trigger.end():])
    if not (people and colon):
        return []
    with_them = re.search(f"[同与和跟]{plural}", frame.text[frame.start:frame.trigger.start()])
    if not (with_them or re.search(plural, colon.group(0))):  # 会见了多国外长：
        return []
    subject = people[0]
    listed_from = frame.trigger.end() + colon.end()
    objects = unique([p for p in frame.all_people if p.span[0] >= listed_from and not p.role_only
                       and p.country and p.country != subject.country], key=lambda p: p.key)
    frame.trail.append(f"one {frame.kind} with each of the {len(objects)} listed after the colon")
    return [([subject, obj], unique([subject.country, obj.country])) for obj in objects]


def _maybe_list(frame: Frame, people) -> None:
    after = frame.text[frame.start:frame.trigger.start()]
    if people and any(f"{c}{w}" in after for c in "同与和跟" for w in frame.gz.cues["plural_objects"]):
        frame.ctx.list_subject = (people[0], frame.kind)


def _pair(frame: Frame, subject, subject_codes, obj):
    if isinstance(obj, PersonMention):
        return subject + [obj], unique(subject_codes + [obj.country])
    return subject, unique(subject_codes + [obj.code])


def _country_of(country: CountryMention, people: list[PersonMention]) -> bool:
    return any(p.country == country.code for p in people)
