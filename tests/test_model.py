"""The transformer model's load/save/predict path, on a tiny random BERT."""

import json

import pytest

import stance
from stance.model import StanceModel, length_batches
from stance.schema import LABELS


def test_save_and_load_round_trip(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    assert isinstance(model, StanceModel)
    assert json.loads((tiny_model_dir / "label_map.json").read_text())["labels"] == list(LABELS)
    assert (tiny_model_dir / "model.safetensors").is_file()


def test_analyze_returns_labels_from_the_label_set(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    text = "Italy rejects sending peacekeeping troops. Spain backs a truce in Ukraine."
    result = model.analyze(text, doc_id="t")
    for s in result.stances:
        assert s.stance in stance.STANCES and text[s.start:s.end] == s.evidence


def test_classify_gives_probabilities(tiny_model_dir):
    model = stance.load(tiny_model_dir)
    [p] = model.classify([("Poland offers only logistical support.", "Poland", "peacekeeping_troops")])
    assert set(p.probabilities) == set(LABELS) and abs(sum(p.probabilities.values()) - 1) < 1e-3


def test_classify_refuses_unknown_topic(tiny_model_dir):
    with pytest.raises(stance.InputError, match="unknown topic"):
        stance.load(tiny_model_dir).classify([("Text here.", "Poland", "sanctions")])


def test_newest_version_is_loaded(tiny_model_dir, tmp_path, monkeypatch):
    import shutil

    for name in ("20250101-000000", "20250102-000000"):
        shutil.copytree(tiny_model_dir, tmp_path / name)
    monkeypatch.setattr("stance.loading.MODELS_DIR", tmp_path)
    assert stance.load().path.name == "20250102-000000"


def test_length_batches_pad_little_and_cover_every_pair():
    lengths = [30, 90, 31, 88, 32, 60, 29, 91]
    batches = length_batches(lengths, batch_size=3, max_padding=0.05)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert all(len(b) <= 3 for b in batches)
    for b in batches:  # no batch mixes short and long pairs
        longest = max(lengths[i] for i in b)
        assert len(b) * longest - sum(lengths[i] for i in b) <= 0.05 * len(b) * longest
    assert length_batches([], 32, 0.05) == []


def test_batching_does_not_change_probabilities(tiny_model_dir):
    from stance.encoding import free_pair

    model = stance.load(tiny_model_dir)
    pairs = [free_pair("Italy rejects a truce" + " now" * n + ".", "Italy", "ceasefire") for n in range(12)]
    model.batch_size, model.max_padding = 1, 0.0
    one_by_one = model.probabilities(pairs)
    model.batch_size, model.max_padding = 32, 10.0
    assert abs(model.probabilities(pairs) - one_by_one).max() < 1e-4


@pytest.mark.parametrize("sentence, actor, premise", [
    ("Italy is opposed, while Poland offers only logistical support.", "Poland",
     "[ Poland ] offers only logistical support."),
    ("Italy is opposed, while Poland offers only logistical support.", "Italy", "[ Italy ] is opposed"),
    ("Spain backs a truce; Turkey wants monitors first.", "Turkey", "[ Turkey ] wants monitors first."),
    # No clause with a subject of its own: the condition stays with the actor.
    ("Poland, while wary, agrees.", "Poland", "[ Poland ], while wary, agrees."),
    ("Putin backs it in principle, but Kyiv must withdraw first.", "Putin",
     "[ Putin ] backs it in principle, but Kyiv must withdraw first."),
    # ", but" cuts one way: the clause after it is its subject's own.
    ("Germany backed a truce, but Russia rejected it outright.", "Russia", "[ Russia ] rejected it outright."),
    ("Germany backed a truce, but Russia rejected it outright.", "Germany",
     "[ Germany ] backed a truce, but Russia rejected it outright."),
    ("Spain backs a truce, but Turkey wants monitors, while Italy, but not Greece, objects.", "Italy",
     "[ Italy ], but not Greece, objects."),
    ("Spain is wary, while Turkey backs it, but Iran objects.", "Iran", "[ Iran ] objects."),
    ("Spain is wary, but only if Turkey backs it.", "Turkey", "Spain is wary, but only if [ Turkey ] backs it."),
    # "comes after" ties the news to an earlier event, whose words are its actors' alone.
    ("The statements from Spain and Poland come after Starmer said he was willing to send troops.", "Poland",
     "The statements from Spain and [ Poland ]"),
    ("The statements from Spain and Poland come after Starmer said he was willing to send troops.", "Starmer",
     "[ Starmer ] said he was willing to send troops."),
    ("Lisbon's move came a day after Spain said it would send troops.", "Spain",
     "[ Spain ] said it would send troops."),
])
def test_the_model_reads_the_actors_own_clause(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "peacekeeping_troops").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    ("“We are ready to send troops,” Polish Prime Minister Donald Tusk told reporters.", "Donald Tusk",
     "Polish Prime Minister [ Donald Tusk ] said: “We are ready to send troops.”"),
    ('"We will not send troops," said Meloni.', "Meloni", 'said [ Meloni ]: "We will not send troops."'),
    ("“We agree, but only with a mandate,” Tusk said, adding that talks go on.", "Tusk",
     "[ Tusk ] said: “We agree, but only with a mandate.”, adding that talks go on."),
    # The quote opens inside its sentence: the attribution goes before the sentence. The country
    # that owns the speaker's title speaks too.
    ("The countries are ready for a “full ceasefire,” Kyiv Foreign Minister Andrii Sybiha said.", "Andrii Sybiha",
     "Kyiv Foreign Minister [ Andrii Sybiha ] said: The countries are ready for a “full ceasefire.”"),
    ("The countries are ready for a “full ceasefire,” Kyiv Foreign Minister Andrii Sybiha said.", "Kyiv",
     "[ Kyiv ] Foreign Minister Andrii Sybiha said: The countries are ready for a “full ceasefire.”"),
    ("Ukraine agreed.“800,000 troops is our limit,” Zelenskyy said.", "Zelenskyy",
     "Ukraine agreed.[ Zelenskyy ] said: “800,000 troops is our limit.”"),
    # The quote began a sentence earlier: the mark is restored.
    ("We hope Russia will respond,” Erdogan said.", "Erdogan", "[ Erdogan ] said: “We hope Russia will respond.”"),
    # Not the speaker, or not an attribution: unchanged.
    ("“We agree,” Tusk said after meeting Macron.", "Macron", "“We agree,” Tusk said after meeting [ Macron ]."),
    ("“We agree,” Tusk said, “but only with a mandate.”", "Tusk",
     "“We agree,” [ Tusk ] said, “but only with a mandate.”"),
    ('The "coalition of the willing" met in Paris with Poland.', "Poland",
     'The "coalition of the willing" met in Paris with [ Poland ].'),
])
def test_a_speaker_named_after_the_quote_is_read_first(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "peacekeeping_troops").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    # Found on a real report: with the meeting in, the model read no stance.
    ("“We are not planning to send Polish troops,” Tusk told reporters ahead of a security meeting in Paris.", "Tusk",
     "[ Tusk ] said: “We are not planning to send Polish troops.”"),
    ("Tusk said ahead of a meeting in Paris that Poland would not send troops.", "Poland",
     "Tusk said that [ Poland ] would not send troops."),
    ("Meloni told parliament on Monday that Rome will not send troops.", "Rome",
     "Meloni said that [ Rome ] will not send troops."),
    ("Zelensky wrote on X: “We accept the truce.”", "Zelensky", "[ Zelensky ] wrote: “We accept the truce.”"),
    # The one spoken to is kept when it is the actor; what is said stays whole.
    ("Macron told Tusk that Poland would not send troops.", "Tusk",
     "Macron told [ Tusk ] that Poland would not send troops."),
    ("Germany said it would back a truce provided that Kyiv agrees.", "Germany",
     "[ Germany ] said it would back a truce provided that Kyiv agrees."),
    ("Warsaw warned against a truce that would reward Russia.", "Warsaw",
     "[ Warsaw ] warned against a truce that would reward Russia."),
])
def test_an_attribution_is_read_without_its_setting(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "peacekeeping_troops").premise == premise


@pytest.mark.parametrize("text, speaker, premise", [
    ("Foreign Minister Andrii Sybiha responded:\n\n“If Russia wants peace, it must agree to a ceasefire. Why wait?”",
     "Andrii Sybiha", "[ Andrii Sybiha ] responded: “If Russia wants peace, it must agree to a ceasefire.”"),
    # The stance's sentence is read as the speaker's alone, without the sentences between.
    ("Tusk told reporters: “We have talked for weeks. Our view is known. We will not send troops to Ukraine.”", "Tusk",
     "[ Tusk ] said: “We will not send troops to Ukraine.”"),
    # Named after the quote.
    ("“We will not send troops to Ukraine. That is final,” Meloni said.", "Meloni",
     "[ Meloni ] said: “We will not send troops to Ukraine.”"),
    # A paragraph that opens with an unattributed quote goes on with the last paragraph's speaker...
    ("“We agree,” Tusk told reporters.\n\n“We will not send troops to Ukraine.”", "Tusk",
     "[ Tusk ] said: “We will not send troops to Ukraine.”"),
    # ...but not across a paragraph of the writer's own.
    ("“We agree,” Tusk said.\n\nTalks go on.\n\n“We will not send troops to Ukraine.”", "Tusk", None),
    # The one spoken to is no speaker.
    ("Tusk told Macron: “We have talked for weeks. Our view is known. We will not send troops to Ukraine.”", "Macron",
     None),
])
def test_every_sentence_of_a_quote_is_its_speakers(text, speaker, premise):
    from stance.candidates import Article
    from stance.encoding import candidate_pair

    candidates = [c for c in Article.parse(text).candidates() if c.mention.text == speaker and c.cues]
    assert [candidate_pair(text, c).premise for c in candidates] == ([premise] if premise else [])
    for c in candidates:  # the evidence reaches from the quote's sentence to the speaker's
        assert speaker in c.evidence(text) and c.sentence.text in c.evidence(text)


@pytest.mark.parametrize("sentence, actor, premise", [
    ("Russia said yes to a 30-day ceasefire put forward by Washington and Kyiv.", "Kyiv",
     "Washington and [ Kyiv ] put forward a 30-day ceasefire."),
    ("Putin rejected a 30-day truce proposed by Washington in March, instead declaring a pause.", "Washington",
     "[ Washington ] proposed a 30-day truce in March."),
    ("Sending troops was ruled out by Italy.", "Italy", "[ Italy ] ruled out Sending troops."),
    ("the idea of peacekeepers that was originally suggested by Macron but opposed by Orban", "Macron",
     "[ Macron ] suggested the idea of peacekeepers."),
    # The second agent of two has the same patient; the main verb after the agent is not the passive's.
    ("They discussed a ceasefire plan proposed by the United States and supported by Ukraine.", "Ukraine",
     "[ Ukraine ] supported a ceasefire plan."),
    ("A delegation led by Special Envoy Steve Witkoff traveled to Moscow.", "Steve Witkoff",
     "Special Envoy [ Steve Witkoff ] led A delegation."),
    ("Russia repeated its demand at talks mediated by Turkey.", "Turkey", "[ Turkey ] mediated talks."),
    # Two participles share the agent.
    ("A peace plan discussed and approved by Ukrainian and U.S. officials would limit the army.", "U.S. officials",
     "Ukrainian and [ U.S. officials ] discussed and approved A peace plan."),
    # A stance noun's holders after "comes from" are its subject.
    ("Opposition to sending troops to Ukraine comes from Germany, Italy, and Poland.", "Italy",
     "Germany, [ Italy ], and Poland oppose sending troops to Ukraine."),
    ("Objections to a ceasefire have come mainly from Hungary.", "Hungary", "[ Hungary ] oppose a ceasefire."),
    ("Support for a ceasefire came from France, but Italy is against it.", "France",
     "[ France ] support a ceasefire."),
    # No passive, or no clear patient: unchanged.
    ("Italy will go by Rome's rules on troops.", "Rome", "Italy will go by [ Rome ]'s rules on troops."),
    ("Putin rejected truces proposed by Kyiv.", "Kyiv", "Putin rejected truces proposed by [ Kyiv ]."),
    # After another participle's words: the patient is further back.
    ("a force made up of troops of the Coalition of the Willing and supported by the US.", "US",
     "a force made up of troops of the Coalition of the Willing and supported by the [ US ]."),
    # Negated: the active verb would lose the "not".
    ("If the ceasefire is not respected by Russia, we will act.", "Russia",
     "If the ceasefire is not respected by [ Russia ], we will act."),
])
def test_an_agent_named_after_its_stance_is_read_as_subject(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    ("Putin did not endorse a broader 30-day ceasefire, which Trump had proposed.", "Trump",
     "[ Trump ] had proposed a broader 30-day ceasefire."),
    ("However, the broader ceasefire that Trump and Zelensky had hoped for—a full halt—was not achieved.", "Zelensky",
     "Trump and [ Zelensky ] had hoped for the broader ceasefire."),
    ("Kyiv backed a 30-day truce proposed by former US President Donald Trump.", "Donald Trump",
     "former US President [ Donald Trump ] proposed a 30-day truce."),
    # "that" opening a statement: its verb has an object of its own.
    ("The White House noted that Russia rejected the truce.", "Russia",
     "The White House noted that [ Russia ] rejected the truce."),
])
def test_the_agent_of_a_relative_clause_is_read_as_subject(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    ("Poland Refuses to Send Troops to Ukraine, Says PM Tusk", "Tusk",
     "PM [ Tusk ] says: Poland Refuses to Send Troops to Ukraine."),
    ("A truce is not on the table for now, Kremlin spokesman Dmitry Peskov said.", "Dmitry Peskov",
     "Kremlin spokesman [ Dmitry Peskov ] said: A truce is not on the table for now."),
    # Not the speaker of the whole sentence, another country's stance reported, or no speaker: as written.
    ("Germany backed the truce, and so Peskov said.", "Peskov", "Germany backed the truce, and so [ Peskov ] said."),
    ("Russia will never accept a truce, Zelensky said.", "Zelensky",
     "Russia will never accept a truce, [ Zelensky ] said."),
    ("Germany backed the truce, as did France.", "France", "Germany backed the truce, as did [ France ]."),
])
def test_a_speaker_named_after_a_reported_statement_is_read_first(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    ("Peskov gave a reason for the Kremlin's reluctance towards a truce.", "Kremlin",
     "Peskov gave a reason for the [ Kremlin ] is reluctant towards a truce."),
    ("Tusk said that Warsaw’s focus remains on logistical support.", "Warsaw",
     "Tusk said that [ Warsaw ] focuses on logistical support."),
    ("He said Moscow's stance remains unchanged: a truce is unacceptable.", "Moscow",
     "He said [ Moscow ] holds that a truce is unacceptable."),
    ("The refusal of Ukraine to accept a truce has become a flashpoint.", "Ukraine",
     "[ Ukraine ] refuses to accept a truce has become a flashpoint."),
    # A possession, support received, or a noun without the holder's preposition: left as written.
    ("Ukraine's army must not be cut before a truce.", "Ukraine", "[ Ukraine ]'s army must not be cut before a truce."),
    ("The truce won the support of France from the start.", "France",
     "The truce won the support of [ France ] from the start."),
    ("Many question Putin's commitment to a truce.", "Putin", "Many question [ Putin ]'s commitment to a truce."),
])
def test_the_holder_of_a_stance_noun_is_read_as_subject(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise


def test_a_candidate_is_read_in_its_own_clause():
    from stance.candidates import Article
    from stance.encoding import candidate_pair

    text = "Italy and Hungary are opposed to sending troops, while Poland offers only logistical support."
    premises = {c.mention.text: candidate_pair(text, c).premise for c in Article.parse(text).candidates()}
    assert premises == {"Italy": "[ Italy ] and Hungary are opposed to sending troops",
                        "Hungary": "Italy and [ Hungary ] are opposed to sending troops",
                        "Poland": "[ Poland ] offers only logistical support."}


def test_a_sentence_pointing_back_is_read_with_what_it_points_to():
    from stance.candidates import Article
    from stance.encoding import candidate_pair

    text = "Britain wants a coalition of the willing. Among those opposed is Italy."
    (italy,) = [c for c in Article.parse(text).candidates() if c.mention.text == "Italy"]
    assert candidate_pair(text, italy).premise == "On coalition of the willing: Among those opposed is [ Italy ]."
    assert italy.evidence(text) == "Among those opposed is Italy."  # the evidence stays the sentence itself


def test_a_quoted_sentence_pointing_back_is_read_with_what_it_points_to():
    from stance.candidates import Article
    from stance.encoding import candidate_pair

    text = "Poland discussed sending troops to Ukraine. “We are not ready. We will only offer logistics,” Tusk said."
    (quoted,) = [c for c in Article.parse(text).candidates() if c.quoted]
    assert candidate_pair(text, quoted).premise == "On sending troops: [ Tusk ] said: “We are not ready.”"


@pytest.mark.parametrize("sentence, actor, premise", [
    # An editor's insertion and a copied link keep their words but not their brackets, the actor's mark.
    ("“We will meet [Russian President Vladimir] Putin,” Michal said of the truce.", "Michal",
     "[ Michal ] said of the truce: “We will meet (Russian President Vladimir) Putin.”"),
    ("Japan will play a key role in a peacekeeping force in [Ukraine](https://inews.co.uk/a?b=c), it has emerged.",
     "Japan", "[ Japan ] will play a key role in a peacekeeping force in (Ukraine), it has emerged."),
])
def test_the_texts_own_brackets_do_not_read_as_the_actors_mark(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise


@pytest.mark.parametrize("sentence, actor, premise", [
    ("France’s defence minister, Sebastien Lecornu, said Ukraine must not face demilitarisation.", "France",
     "[ France ] said Ukraine must not face demilitarisation."),
    ("Russia's Foreign Ministry rejected any truce.", "Russia", "[ Russia ] rejected any truce."),
    # Not an office holder, or one named after the title: left as written.
    ("Russia's invasion made any truce harder.", "Russia", "[ Russia ]'s invasion made any truce harder."),
    ("Lithuania’s defence minister Dovilė Šakalienė backed a truce.", "Lithuania",
     "[ Lithuania ]’s defence minister Dovilė Šakalienė backed a truce."),
])
def test_a_country_speaks_through_its_office_holder(sentence, actor, premise):
    from stance.encoding import free_pair

    assert free_pair(sentence, actor, "ceasefire").premise == premise
