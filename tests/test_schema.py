"""Topics as data and the country roll-up."""

import json

import pytest

from stance.candidates import Article
from stance.errors import InputError
from stance.schema import AnalysisResult, Statement, load_topics


def statement(actor, actor_type, country, stance, confidence=0.9, start=0):
    return Statement(actor, actor_type, country, "peacekeeping_troops", stance, confidence, "x", start, start + 1)


def test_a_topic_can_be_added_as_data(tmp_path):
    path = tmp_path / "topics.json"
    topic = {"description": "d", "hypothesis": "lifting sanctions", "cues": ["sanctions"]}
    path.write_text(json.dumps({"sanctions": topic}))
    assert load_topics(path)["sanctions"].cues == ("sanctions",)


def test_persons_words_outweigh_a_description_of_their_country():
    result = AnalysisResult([
        statement("Poland", "country", "PL", "oppose"),
        statement("Donald Tusk", "person", "PL", "conditional", start=5),
    ])
    [row] = result.by_country()
    assert (row.country, row.stance, len(row.evidence)) == ("PL", "conditional", 2)
    assert 0.5 < row.confidence < 1


def test_by_actor_keeps_actors_apart():
    result = AnalysisResult([statement("Poland", "country", "PL", "oppose"),
                             statement("Donald Tusk", "person", "PL", "conditional")])
    assert {(r.actor, r.stance) for r in result.by_actor()} == {("Poland", "oppose"), ("Donald Tusk", "conditional")}


def test_a_bad_topic_pattern_is_named_when_topics_load(tmp_path):
    path = tmp_path / "topics.json"
    topic = {"description": "d", "hypothesis": "h", "cues": [], "patterns": ["(lift"]}
    path.write_text(json.dumps({"sanctions": topic}))
    with pytest.raises(InputError, match=r"topic 'sanctions': pattern '\(lift' is not a valid regular expression"):
        load_topics(path)


@pytest.mark.parametrize(
    "sentence, topic",
    [
        ("Kyiv rejected any cap on its peacetime army.", "demilitarization"),
        ("Spain said restrictions on the Ukrainian military were unacceptable.", "demilitarization"),
        ("Moscow wants Ukraine demilitarized.", "demilitarization"),
        ("Germany will keep arms flowing so that Ukraine's army remains strong.", "demilitarization"),
        ("Berlin may station Bundeswehr soldiers in Ukraine.", "peacekeeping_troops"),
        ("Ireland offered military observers.", "peacekeeping_troops"),
        ("Slovakia would not send a single soldier to Ukraine.", "peacekeeping_troops"),
        ("Turkey called for a cessation of fire.", "ceasefire"),
        ("Russia agreed to a 30-day halt on strikes against energy sites.", "ceasefire"),
        ("Putin said Russia would agree to cease hostilities.", "ceasefire"),
        ("Moscow would halt its offensive only if Kyiv withdraws.", "ceasefire"),
        ("Putin asked Ukraine to scale down its military forces.", "demilitarization"),
        ("Shoigu warned that NATO troop involvement would mean a wider war.", "peacekeeping_troops"),
        ("Denmark said many questions must be answered before troops can be sent.", "peacekeeping_troops"),
        ("Poland will not send its military to Ukraine.", "peacekeeping_troops"),
        ("Moscow demanded a ban on foreign formations in Ukraine.", "peacekeeping_troops"),
        ("Kyiv agreed to keep the size of its armed forces at current levels.", "demilitarization"),
        ("Russia wants the maximum number of troops written into the deal.", "demilitarization"),
        ("Hungary said no Hungarian soldier would go to Ukraine.", "peacekeeping_troops"),
        ("Austria could take part in monitoring a peace agreement.", "peacekeeping_troops"),
        ("Ireland offered to help with peace monitoring.", "peacekeeping_troops"),
        ("Moscow warned against any foreign military intervention.", "peacekeeping_troops"),
        ("Brazil urged both sides to halt the war.", "ceasefire"),
        ("The fighting will cease once Kyiv withdraws, the Kremlin said.", "ceasefire"),
        ("Washington told Moscow to stop shooting.", "ceasefire"),
        ("Hegseth said there would not be U.S. troops deployed to Ukraine.", "peacekeeping_troops"),
        ("Moscow proposed a cap of 600,000 Ukrainian soldiers.", "demilitarization"),
        ("Canberra is open to considering a troop deployment to Ukraine.", "peacekeeping_troops"),
        ("Peskov said Russia's war goals include the de-militarization of Ukraine.", "demilitarization"),
        ("Kyiv will accept no limits on its right to self-defence or on the size or capabilities of our armed forces.",
         "demilitarization"),
    ],
)
def test_topic_patterns_catch_varied_phrasings(sentence, topic):
    assert topic in {c.topic for c in Article.parse(sentence).candidates()}


def test_a_place_named_with_no_topic_gives_no_candidate():
    assert Article.parse("Ireland hosted a trade fair in Dublin on Monday.").candidates() == []


def test_the_size_of_an_aid_package_is_no_demilitarization():
    assert Article.parse("Germany doubled the size of the military aid package.").candidates() == []


@pytest.mark.parametrize("sentence", [
    "Kallas argued strongly that curbing Russia’s military power is paramount.",
    "The EU wants any deal to limit Moscow's armed forces, not Kyiv's.",
    "Estonia warned of a strong Russian army on NATO's border.",
    "Latvia said Russia keeps expanding the Kremlin's military.",
])
def test_limits_on_russias_army_are_no_demilitarization(sentence):
    # The topic is Ukraine's army: "curbing Russia's military" read as support for it (a real report).
    assert "demilitarization" not in {c.topic for c in Article.parse(sentence).candidates()}


@pytest.mark.parametrize("sentence, addressed", [
    ("Finland urged Russia to accept an unconditional ceasefire.", {"Russia"}),
    ("Witkoff flew to Moscow to try to convince Russia to accept a 30-day ceasefire.", {"Russia"}),
    ("Leaders met in Kyiv to urge Russian President Vladimir Putin to agree to a ceasefire.", {"Vladimir Putin"}),
    ("Japan called on both Moscow and Kyiv to respect the truce.", {"Moscow", "Kyiv"}),
    ("Kyiv and its allies had demanded that Moscow accept a ceasefire before any talks.", {"Moscow"}),
    # ...and the one talked with (found on real reports).
    ("Türkiye signalled in discussions with Ukrainian and Russian officials that it is open to sending troops.",
     {"Ukrainian", "Russian officials"}),
    ("Europe fears Trump's renewed contacts with his Russian counterpart Vladimir Putin could end in a truce.",
     {"Vladimir Putin"}),
    ("Australia said, after a call with Canada, that it was open to sending peacekeeping troops.", {"Canada"}),
])
def test_the_one_appealed_to_or_talked_with_is_no_candidate(sentence, addressed):
    actors = {c.mention.text for c in Article.parse(sentence).candidates()}
    assert not actors & addressed
    # Training keeps it, as an example of a sentence taking no stance for it.
    assert {c.mention.text for c in Article.parse(sentence, for_training=True).candidates()} - actors == addressed


def test_the_press_is_no_appeal():
    sentence = "Peskov told the press Russia would never accept a ceasefire on these terms."
    assert "Russia" in {c.mention.text for c in Article.parse(sentence).candidates()}


def test_an_actor_has_one_statement_per_topic_and_sentence():
    # The second sentence names no actor and borrows Kyiv, which already states the ceasefire:
    # counted again, one sentence would weigh twice in Kyiv's cell (seen on a real report).
    text = ("Kyiv welcomed the idea of an immediate ceasefire. "
            "Talks on a possible ceasefire are expected to continue next week.")
    evidence = [text[c.context_start:c.context_end] for c in Article.parse(text).candidates()]
    assert evidence == ["Kyiv welcomed the idea of an immediate ceasefire."]
    # Training keeps the wider reading, with the statement's label.
    assert len(Article.parse(text, for_training=True).candidates()) == 2
    # An actor that does not state the topic in its own sentence is still borrowed.
    text = "Britain and France are developing a plan. It envisages the deployment of troops."
    assert [c.mention.text for c in Article.parse(text).candidates()] == ["Britain", "France"]


def test_a_line_wrapped_inside_a_sentence_does_not_end_it():
    from stance.text import split_sentences

    # Text wrapped at a fixed width, as copied from a real report; a headline still ends at its line.
    text = ("Kremlin\nspokesman Dmitry Peskov said that Russia\nrejects a ceasefire.\n"
            "On\nSaturday, Italy said so, too.\n"
            "Germany and Poland oppose sending troops\nGermany has also signalled reluctance.")
    assert [s.text for s in split_sentences(text)] == [
        "Kremlin\nspokesman Dmitry Peskov said that Russia\nrejects a ceasefire.", "On\nSaturday, Italy said so, too.",
        "Germany and Poland oppose sending troops", "Germany has also signalled reluctance."]


def test_a_sentence_ends_where_a_copy_lost_the_space_after_it():
    from stance.text import split_sentences

    text = "It must be backed by American aircraft.Britain and France are ready. Mrs.Smith agreed."
    assert [s.text for s in split_sentences(text)] == [
        "It must be backed by American aircraft.", "Britain and France are ready.", "Mrs.Smith agreed."]


def test_a_headline_borrows_no_actors():
    # A related story's title after the last sentence (a seed) and a subheading (a real report).
    for headline in ("Allies are accelerating the creation of a coalition of the willing - Heappey12.03.25",
                     "Energy Ceasefire Deal Quick Looks"):
        text = f"Russia continues to link the deal to sanctions relief.\n{headline}"
        assert Article.parse(text).candidates() == []
        assert len(Article.parse(text, for_training=True).candidates()) == 1  # kept in training
    text = "Britain and France are developing a plan. It envisages the deployment of troops."
    assert len(Article.parse(text).candidates()) == 2


def test_stopping_war_crimes_is_no_ceasefire():
    assert Article.parse("Germany wants to stop war crimes in Ukraine.").candidates() == []


@pytest.mark.parametrize(
    "follow_up",
    [
        "Denmark said it was open to the idea.",
        "The Kremlin said such a scenario would be unacceptable for Russia.",
        "Sweden said any such deployment would require a clear mandate.",
        "Denmark said the agreement must be respected.",
    ],
)
def test_a_noun_pointing_back_carries_the_topic_named_before(follow_up):
    text = "Britain proposed sending peacekeeping troops to Ukraine. " + follow_up
    carried = [c for c in Article.parse(text).candidates() if c.sentence.index == 1]
    assert {c.topic for c in carried} == {"peacekeeping_troops"} and not carried[0].cues


def test_a_sentence_pointing_back_takes_only_the_topic_named_last():
    text = ("Kyiv backed a 30-day ceasefire. Britain wants a coalition of the willing to send troops. "
            "Among those opposed are Italy and Hungary.")
    carried = [c for c in Article.parse(text).candidates() if c.sentence.index == 2]
    assert {(c.mention.text, c.topic) for c in carried} == {("Italy", "peacekeeping_troops"),
                                                           ("Hungary", "peacekeeping_troops")}


def test_a_noun_pointing_back_with_no_topic_before_gives_no_candidate():
    assert Article.parse("Ireland hosted a trade fair. Denmark was open to the idea.").candidates() == []


@pytest.mark.parametrize("follow_up", [
    "Japan signed a new defence agreement with Canada.",
    "Tusk warned that Europe cannot count on support from Washington.",
])
def test_an_agreement_or_support_received_does_not_carry_the_topic(follow_up):
    text = "Britain proposed sending peacekeeping troops to Ukraine. " + follow_up
    assert [c for c in Article.parse(text).candidates() if c.sentence.index == 1] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Putin asked Ukraine to scale down its military forces.",
        "Moscow wants to cut Ukraine's military forces by half.",
    ],
)
def test_a_countrys_own_military_forces_are_not_a_deployment(sentence):
    assert {c.topic for c in Article.parse(sentence).candidates()} == {"demilitarization"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia rejected NATO countries deploying peacekeeping troops to Ukraine after a ceasefire.",
        "Spain is ready to contribute to a peacekeeping contingent once a ceasefire is in place.",
        "Britain and France proposed peacekeeping troops as part of a ceasefire agreement.",
        "Macron wants a coalition of the willing to monitor the implementation of the ceasefire.",
        # A real report: Tusk flew to Paris "to discuss Europe's role in any ceasefire".
        "Poland will not send troops, Tusk said, as he set off to discuss Europe's role in any ceasefire.",
    ],
)
def test_a_topic_named_only_as_the_frame_of_another_gives_no_candidate(sentence):
    assert {c.topic for c in Article.parse(sentence).candidates()} == {"peacekeeping_troops"}


def test_a_framed_topic_stays_when_it_is_the_only_one():
    assert {c.topic for c in Article.parse("Kyiv will talk only after a ceasefire.").candidates()} == {"ceasefire"}
