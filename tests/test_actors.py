"""Actor mentions: registry names, introduced people, references, places and lists."""

from stance.actors import registry
from stance.text import split_sentences


def mentions(text):
    return [(m.text, m.actor.name, m.actor.country) for m in registry().find_mentions(text, split_sentences(text))]


def test_metonyms_resolve_to_their_country():
    found = mentions("The Kremlin rejected the plan. Washington welcomed it. Kyiv agreed.")
    assert [(t, c) for t, _, c in found] == [("Kremlin", "RU"), ("Washington", "US"), ("Kyiv", "UA")]


def test_introduced_person_and_later_references():
    text = ("Italian Prime Minister Giorgia Meloni spoke on Monday. Meloni said Italy would not send troops. "
            "Spanish Prime Minister Pedro Sanchez disagreed. He backed a truce. The Spanish leader called for talks.")
    found = mentions(text)
    assert ("Giorgia Meloni", "Giorgia Meloni", "IT") in found
    assert ("Meloni", "Giorgia Meloni", "IT") in found
    assert ("He", "Pedro Sanchez", "ES") in found
    assert ("The Spanish leader", "Pedro Sanchez", "ES") in found


def test_a_pronoun_after_a_quote_is_the_person_named_before():
    found = mentions("European Council President António Costa spoke in Kyiv with Ukraine's leaders. "
                     "“We support the 30-day ceasefire,” he added. “It is a start,” said the statement.")
    assert ("he", "António Costa", "EU") in found
    assert not any(text == "he" for text, _, _ in mentions("“We support it,” he added."))  # no one named before
    found = mentions("Dmitry Peskov spoke in Moscow. “NATO troops in Ukraine are unacceptable,” he pointed out.")
    assert ("he", "Dmitry Peskov", "RU") in found


def test_a_title_in_lower_case_refers_back_too():
    found = mentions("Volodymyr Zelensky spoke in Kyiv. At the beginning of the year the Ukrainian president said "
                     "any pause would help Russia. German chancellor Olaf Scholz disagreed.")
    assert ("the Ukrainian president", "Volodymyr Zelensky", "UA") in found
    assert ("Olaf Scholz", "Olaf Scholz", "DE") in found


def test_unknown_person_is_attributed_by_demonym():
    found = mentions("Dutch Foreign Minister Jan Pieter Vos said the Netherlands would help. Vos added more.")
    assert ("Jan Pieter Vos", "Jan Pieter Vos", "NL") in found
    assert ("Vos", "Jan Pieter Vos", "NL") in found


def test_a_name_ends_with_its_line():
    found = mentions("A statement came from Ukrainian Foreign Minister Andrii Sybiha\n\nWashington backs a truce.")
    assert [(t, c) for t, _, c in found] == [("Andrii Sybiha", "UA"), ("Washington", "US")]


def test_a_name_after_a_full_stop_that_lost_its_space_is_found():
    found = mentions("It must be backed by American aircraft.Britain, France and Australia are ready. U.S.Army")
    assert [t for t, _, _ in found] == ["Britain", "France", "Australia"]


def test_places_are_not_actors():
    found = mentions("Leaders met in Paris. Talks in Saudi Arabia made progress. The London meeting ended.")
    assert found == []
    assert mentions("Countries bordering Russia and states neighbouring Belarus fear a new war.") == []
    assert mentions("The Washington Post and the Kyiv Independent reported it.") == []  # newspapers


def test_a_state_office_or_stance_of_a_country_is_the_country():
    # After "of" a country is usually a place ("the territory of Ukraine"), but not after a
    # state's form, an office or a stance noun.
    found = mentions("The Republic of Moldova urges a ceasefire. The President of the European Commission "
                     "noted it. Greece did not comment on the willingness of Türkiye to send troops.")
    assert [(t, c) for t, _, c in found] == [("Moldova", "MD"), ("European Commission", "EU"),
                                              ("Greece", "GR"), ("Türkiye", "TR")]
    assert mentions("Troops would go to the territory of Ukraine after the invasion of Ukraine ends.") == []
    # In a title the person is the actor.
    assert mentions("President of France Emmanuel Macron spoke.") == [("Emmanuel Macron", "Emmanuel Macron", "FR")]
    # After "comes from" it names who holds the stance.
    found = mentions("Opposition to sending troops to Ukraine comes from Germany, Italy and Spain.")
    assert [c for _, _, c in found] == ["DE", "IT", "ES"]
    # ...and after "leaders from" its own leaders, where "troops from" it is still a place.
    found = mentions("Zelensky met leaders from Britain, France and Poland. Troops from Ukraine withdrew.")
    assert [c for _, _, c in found] == ["UA", "GB", "FR", "PL"]
    # An office in the plural holds the stance of every country it names.
    found = mentions("The governments of Italy and Romania are ready to facilitate a ceasefire.")
    assert [c for _, _, c in found] == ["IT", "RO"]


def test_lists_give_each_member_a_mention():
    found = mentions("Among those opposed are Italy, Hungary, Slovakia and even Poland.")
    assert [c for _, _, c in found] == ["IT", "HU", "SK", "PL"]


def test_coordinated_demonyms_give_each_country_a_mention():
    found = mentions("Ukrainian, French, and British military officials met. British and German officials spoke.")
    assert [c for _, _, c in found] == ["UA", "FR", "GB", "GB", "DE"]
    assert found[2][0] == "British military officials"


def test_his_country_is_the_speakers_country():
    found = mentions("Polish Prime Minister Donald Tusk has said that his country will only provide logistics.")
    assert ("his country", "Poland", "PL") in found


def test_possessor_after_preposition_is_an_actor():
    found = mentions("They are opposed to concessions to the Kremlin's demands.")
    assert [c for _, _, c in found] == ["RU"]


def test_news_agency_spellings_resolve_to_one_person():
    # Reuters writes "Zelenskiy", most outlets "Zelensky" or "Zelenskyy": one actor either way.
    found = mentions("Volodymyr Zelenskiy spoke in Davos. Zelenskiy met Zelenskyy's advisers.")
    assert {name for _, name, _ in found} == {"Volodymyr Zelensky"}
    assert len(found) == 3


def test_a_countrys_demands_stand_for_the_country():
    # "Zelenskiy dismissed Russian demands for a smaller army": Russia is the one demanding.
    found = mentions("Zelenskiy dismissed Russian demands for a smaller army and the American proposal for a truce.")
    expected = [("Zelenskiy", "UA"), ("Russian demands", "RU"), ("American proposal", "US")]
    assert [(t, c) for t, _, c in found] == expected


def test_a_hyphenated_actor_after_a_preposition_acts():
    found = mentions("The truce was brokered in U.S.-mediated talks held in Saudi Arabia.")
    assert [(t, c) for t, _, c in found] == [("U.S.", "US")]


def test_registry_people_need_no_introduction():
    # "Russia's Deputy Foreign Minister Alexander Grushko" has no demonym to introduce him.
    found = mentions("Sikorski said Poland would help. Russia's Deputy Foreign Minister Alexander Grushko objected.")
    assert [(t, c) for t, _, c in found] == [("Sikorski", "PL"), ("Poland", "PL"), ("Russia", "RU"),
                                             ("Alexander Grushko", "RU")]


def test_a_known_name_ends_where_the_next_name_begins():
    text = "The assistant to Russian President Vladimir Putin Yuri Ushakov said Moscow wanted no truce."
    assert mentions(text)[:2] == [("Vladimir Putin", "Vladimir Putin", "RU"), ("Yuri Ushakov", "Yuri Ushakov", "RU")]
