"""The reader: an article's text to mentions, in stages — document (the
anchor, paragraphs, sentences, clauses, captions; document.py), discourse
(what the reader knows as it goes; discourse.py), frames (each trigger with
its participants, time, place and modality; frames/) and mentions (one
report of one event; mentions.py). This module runs them in order."""
import re
from dataclasses import replace

from app.ingest.dates import Anchor, dateline, joined_days, with_duration
from app.ingest.discourse import (Context, carried, clause_dates, date_finished_trips, list_header, meant,
                                  name_participants, pass_by, people_in)
from app.ingest.document import LIST_ITEM, article_anchor, is_caption, repaired
from app.ingest.entities import find_countries, find_places, home_country, is_pair_nickname
from app.ingest.frames.decide import mentions as decided
from app.ingest.frames.frame import Frame
from app.ingest.frames.visits import attended_abroad
from app.ingest.gazetteer import Gazetteer, load
from app.ingest.mentions import Mention, actor_ref, same_report, without_retellings
from app.ingest.normalize import is_heading, normalize_checked, normalized_sentences, split_paragraphs
from app.ingest.read import RawArticle
from app.ingest.stages import stage


def extract(article: RawArticle, gz: Gazetteer | None = None) -> list[Mention]:
    gz = gz or load()
    article.text = repaired(article.text)
    now, guessed = article_anchor(article)
    home = home_country(article.text[:1500], article.url, gz)
    ctx = Context(gz=gz, article_now=now, anchor=Anchor(now=now, roc=home == "TW"), year_guessed=guessed,
                   home=home)
    mentions: list[Mention] = []
    for index, paragraph in enumerate(split_paragraphs(article.text)):
        ctx.anchor.paragraph = index
        ctx.topic, ctx.subject = {}, None
        if is_heading(paragraph):
            ctx.new_section(ctx.article_now, from_dateline=False)
            ctx.pending, ctx.list_subject = [], None
            continue
        with stage("normalize"):
            checked = normalize_checked(paragraph)
        found = dateline(checked[0], now.year, now)
        if found is not None:  # the story starts after the dateline: normalized again from there
            ctx.new_section(found[0], from_dateline=True)
            ctx.anchor.paragraph = index
            paragraph, checked = paragraph[found[1]:], None
        if is_caption(paragraph):  # its own dates count; it moves no anchor
            kept = replace(ctx.anchor)
            ctx.in_caption = True
            _read_paragraph(paragraph, checked, article, ctx, mentions)
            ctx.anchor, ctx.in_caption = replace(kept, paragraph=ctx.anchor.paragraph), False
        else:
            _read_paragraph(paragraph, checked, article, ctx, mentions)
    return without_retellings(date_finished_trips(mentions, ctx))


def _read_paragraph(paragraph: str, checked, article: RawArticle, ctx: Context, mentions: list[Mention]) -> None:
    gz = ctx.gz
    ctx.in_list_item = LIST_ITEM.match(paragraph) is not None
    with stage("normalize"):
        sentences = normalized_sentences(paragraph, checked)
    for sentence, text in sentences:
        list_header(sentence, text, ctx)
        if not (ctx.pending or ctx.list_subject or gz.trigger_regex.search(text)):
            pass_by(sentence, text, ctx)
            continue
        countries = meant(find_countries(text, gz), text, article, ctx)
        people = people_in(text, countries, ctx)
        name_participants(text, people, ctx)
        for mention in _from_sentence(sentence, text, people, countries, ctx):
            mention.position, mention.article = len(mentions), article.name
            mentions.append(mention)
            if not mention.actors and mention.type != "visit":
                ctx.pending.append([mention, 2])
            if mention.status == "planned":
                ctx.planned.append(mention)
            if mention.type == "visit" and mention.location and not gz.cue("recall_words").search(text):
                ctx.last_trip = mention
            if mention.type == "visit" and mention.date_end and not gz.cue("recall_words").search(text):
                # 他上一次访问越南是2017年11月10日至11日: a visit recalled sets no days for the story's meetings
                ctx.last_visit, ctx.last_visit_paragraph = mention, ctx.anchor.paragraph
        ctx.section_sentence += 1


def _from_sentence(original: str, text: str, people, countries, ctx: Context) -> list[Mention]:
    gz = ctx.gz
    anchor = ctx.anchor
    same_stretch = anchor.narrative_paragraph == anchor.paragraph or ctx.in_list_item
    ctx.before_sentence = (anchor.narrative, anchor.narrative_precision) \
        if anchor.narrative is not None and same_stretch else None
    dates = [with_duration(d, text) for d in joined_days(clause_dates(text, ctx), text)]
    triggers = [t for t in gz.trigger_regex.finditer(text) if is_trigger(text, t, gz)]
    if not triggers:
        return _list_items(original, text, people, dates, ctx)
    places = find_places(text, gz)
    found = []
    window_start = 0
    for trigger in triggers:
        scene = Frame(text, original, trigger, window_start, people, countries, places, dates, ctx)
        window_start = trigger.end()
        if text[trigger.start() - 1:trigger.start()] == "的" and any(f.type == scene.kind for f in found):
            continue  # 普京和特朗普9日通话…，两人的通话持续一小时: the call just told, as a noun
        found += [m for m in decided(scene) if not any(same_report(m, f) for f in found)]
    named = [p for p in people if not p.role_only and p.span[0] < triggers[0].start()]
    if named:
        ctx.subject = ctx.last_subject = carried(named[0], original, text)
    ctx.passed = []
    return found


def _list_items(original: str, text: str, people, dates, ctx: Context) -> list[Mention]:
    """After 王毅同多国外长通电话, items such as 第二个，1月9日，俄罗斯外长拉夫罗夫
    are events of the list's subject with the person each item names."""
    if ctx.list_subject is None:
        return []
    subject, kind = ctx.list_subject
    found = []
    start = 0
    for segment in re.split(r"(?<=[；;])", text):
        end = start + len(segment)
        counterpart = [p for p in people if start <= p.span[0] < end and not p.role_only
                       and p.country and p.country != subject.country]
        day = [d for d in dates if start <= d.span[0] < end and d.precision == "day"]
        if len(counterpart) == 1 and day:
            trail = [day[0].trail(), f"an item of the list of {subject.name}'s {kind}s"]
            found.append(Mention(type=kind, status="held", date=day[0].iso, date_end=None, precision="day",
                                 location=None, actors=[actor_ref(subject, subject.name, subject.name),
                                                        actor_ref(counterpart[0], original, text)],
                                 countries=[subject.country, counterpart[0].country],
                                 evidence=original, date_text=day[0].text, confidence=0.75, trail=trail))
        start = end
    return found


def is_trigger(text: str, trigger: re.Match, gz: Gazetteer) -> bool:
    after = text[trigger.end():trigger.end() + 4]
    before = text[max(0, trigger.start() - 2):trigger.start()]
    if trigger.group(0) == gz.cues["bare_visit_word"]:
        return _bare_visit(text, trigger, gz)
    if trigger.group(0) in gz.cues["attend_words"]:
        return attended_abroad(text, trigger, gz) is not None
    if trigger.group(0) in gz.nickname_pairs:
        return is_pair_nickname(text, trigger, gz)
    if trigger.group(0) == "致电" and (after[:1] in "视台报" or gz.cue("message_words").search(text)):
        return False  # a message (致电祝贺), not a call
    return not gz.cue("not_event_after", "start").match(after) and not gz.cue("not_event_before", "end").search(before)


def _bare_visit(text: str, trigger: re.Match, gz: Gazetteer) -> bool:
    """王毅下周一到土耳其首都安卡拉出席会议: 到 right before a country or
    city, after none of the words it ends (受到, 回到, 提到), and not the end
    of a stretch (从北京到莫斯科)."""
    if trigger.start() and text[trigger.start() - 1] in gz.cues["not_a_visit_before_bare"]:
        return False
    if re.search(r"从[^，,。；;]{1,12}$", text[max(0, trigger.start() - 13):trigger.start()]):
        return False
    return bool(gz.country_regex.match(text, trigger.end()) or gz.place_regex.match(text, trigger.end()))
