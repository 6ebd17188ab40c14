"""Which words of a claim candidate name a group, and the neutral words the classifier reads instead.

Why: the check-worthiness model learned from US debate transcripts, where
some countries and peoples co-occur with factual claims more than others,
so the group a sentence names moved its score: "Attacks on Muslims rose by
a third" scored 0.92 and the same sentence about Christians 0.61, and a
plain announcement was a claim for one people and not for another (8.0% of
the neutrality suite's pairs differed; `presslens eval neutrality`). The
scored text therefore names no group: every mention of a country, people,
religion, party, organisation or place is replaced by a neutral phrase of
its kind ("the country", "the group", "the organisation", "the region")
before scoring. The claim's span, parts and text in the output are the
article's own words; only the model's input is masked.

Mentions come from two sources, because spaCy's small model misses or
mislabels some group names (Azerbaijan and Tamil read as people, Tamils and
"Labour supporters" not at all) and a name it misses would still move the
score: the `entities` layer (labels NORP, GPE, ORG, LOC, as the techniques
layer masks) and a lexicon of countries, demonyms, religions, peoples and
parties (`LEXICON`), matched as whole words in any case.

Measured on ClaimBuster fold 0 (held out from training), masking costs
0.005 F1 (see models/claims/MODEL_CARD.md); neutrality is a product rule,
so it is on by default (`claims.v1` option `mask_groups`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..techniques.group_masks import GROUP_LABELS

# What the classifier reads in place of a group mention, by entity label.
PLACEHOLDERS: dict[str, str] = {
    "GPE": "the country",
    "NORP": "the group",
    "ORG": "the organisation",
    "LOC": "the region",
}

# Country | adjective | people (several adjectives or peoples separated by commas).
_COUNTRIES = """
Afghanistan|Afghan|Afghans
Albania|Albanian|Albanians
Algeria|Algerian|Algerians
Angola|Angolan|Angolans
Argentina|Argentine,Argentinian|Argentines,Argentinians
Armenia|Armenian|Armenians
Australia|Australian|Australians
Austria|Austrian|Austrians
Azerbaijan|Azerbaijani,Azeri|Azerbaijanis,Azeris
Bahrain|Bahraini|Bahrainis
Bangladesh|Bangladeshi|Bangladeshis
Belarus|Belarusian|Belarusians
Belgium|Belgian|Belgians
Bolivia|Bolivian|Bolivians
Bosnia|Bosnian|Bosnians
Brazil|Brazilian|Brazilians
Britain,the United Kingdom,the UK,Great Britain|British|Britons
Bulgaria|Bulgarian|Bulgarians
Burkina Faso|Burkinabe|Burkinabes
Burma,Myanmar|Burmese|Burmese
Cambodia|Cambodian|Cambodians
Cameroon|Cameroonian|Cameroonians
Canada|Canadian|Canadians
Chad|Chadian|Chadians
Chile|Chilean|Chileans
China|Chinese|Chinese
Colombia|Colombian|Colombians
Congo,the Democratic Republic of the Congo|Congolese|Congolese
Croatia|Croatian|Croatians,Croats
Cuba|Cuban|Cubans
Cyprus|Cypriot|Cypriots
the Czech Republic,Czechia|Czech|Czechs
Denmark|Danish|Danes
Ecuador|Ecuadorian|Ecuadorians
Egypt|Egyptian|Egyptians
El Salvador|Salvadoran|Salvadorans
England|English|English
Eritrea|Eritrean|Eritreans
Estonia|Estonian|Estonians
Ethiopia|Ethiopian|Ethiopians
Finland|Finnish|Finns
France|French|French
Gaza|Gazan|Gazans
Georgia|Georgian|Georgians
Germany|German|Germans
Ghana|Ghanaian|Ghanaians
Greece|Greek|Greeks
Guatemala|Guatemalan|Guatemalans
Haiti|Haitian|Haitians
Honduras|Honduran|Hondurans
Hungary|Hungarian|Hungarians
Iceland|Icelandic|Icelanders
India|Indian|Indians
Indonesia|Indonesian|Indonesians
Iran|Iranian|Iranians
Iraq|Iraqi|Iraqis
Ireland|Irish|Irish
Israel|Israeli|Israelis
Italy|Italian|Italians
Jamaica|Jamaican|Jamaicans
Japan|Japanese|Japanese
Jordan|Jordanian|Jordanians
Kazakhstan|Kazakh|Kazakhs
Kenya|Kenyan|Kenyans
Kosovo|Kosovar|Kosovars
Kuwait|Kuwaiti|Kuwaitis
Kyrgyzstan|Kyrgyz|Kyrgyz
Laos|Lao,Laotian|Laotians
Latvia|Latvian|Latvians
Lebanon|Lebanese|Lebanese
Libya|Libyan|Libyans
Lithuania|Lithuanian|Lithuanians
Mali|Malian|Malians
Malaysia|Malaysian|Malaysians
Mexico|Mexican|Mexicans
Moldova|Moldovan|Moldovans
Mongolia|Mongolian|Mongolians
Montenegro|Montenegrin|Montenegrins
Morocco|Moroccan|Moroccans
Mozambique|Mozambican|Mozambicans
Nepal|Nepali,Nepalese|Nepalis
the Netherlands,Holland|Dutch|Dutch
New Zealand|New Zealand|New Zealanders
Nicaragua|Nicaraguan|Nicaraguans
Niger|Nigerien|Nigeriens
Nigeria|Nigerian|Nigerians
North Korea|North Korean|North Koreans
North Macedonia,Macedonia|Macedonian|Macedonians
Norway|Norwegian|Norwegians
Oman|Omani|Omanis
Pakistan|Pakistani|Pakistanis
Palestine,the West Bank|Palestinian|Palestinians
Panama|Panamanian|Panamanians
Paraguay|Paraguayan|Paraguayans
Peru|Peruvian|Peruvians
the Philippines|Philippine,Filipino|Filipinos
Poland|Polish|Poles
Portugal|Portuguese|Portuguese
Qatar|Qatari|Qataris
Romania|Romanian|Romanians
Russia,the Soviet Union,the USSR|Russian,Soviet|Russians,Soviets
Rwanda|Rwandan|Rwandans
Saudi Arabia|Saudi|Saudis
Scotland|Scottish|Scots
Senegal|Senegalese|Senegalese
Serbia|Serbian|Serbians,Serbs
Singapore|Singaporean|Singaporeans
Slovakia|Slovak|Slovaks
Slovenia|Slovenian|Slovenians
Somalia|Somali|Somalis
South Africa|South African|South Africans
South Korea|South Korean|South Koreans
South Sudan|South Sudanese|South Sudanese
Spain|Spanish|Spaniards
Sri Lanka|Sri Lankan|Sri Lankans
Sudan|Sudanese|Sudanese
Sweden|Swedish|Swedes
Switzerland|Swiss|Swiss
Syria|Syrian|Syrians
Taiwan|Taiwanese|Taiwanese
Tajikistan|Tajik|Tajiks
Tanzania|Tanzanian|Tanzanians
Thailand|Thai|Thais
Tunisia|Tunisian|Tunisians
Turkey,Turkiye|Turkish|Turks
Turkmenistan|Turkmen|Turkmens
Uganda|Ugandan|Ugandans
Ukraine|Ukrainian|Ukrainians
the United Arab Emirates,the UAE|Emirati|Emiratis
the United States,the United States of America,the US,the USA,America|American|Americans
Uruguay|Uruguayan|Uruguayans
Uzbekistan|Uzbek|Uzbeks
Venezuela|Venezuelan|Venezuelans
Vietnam|Vietnamese|Vietnamese
Wales|Welsh|Welsh
Yemen|Yemeni|Yemenis
Zambia|Zambian|Zambians
Zimbabwe|Zimbabwean|Zimbabweans
"""

# Religions, peoples and parties: adjective | people (commas separate variants).
_PEOPLES = """
Muslim,Islamic|Muslims
Christian|Christians
Jewish|Jews
Hindu|Hindus
Sikh|Sikhs
Buddhist|Buddhists
Catholic|Catholics
Protestant|Protestants
Evangelical|Evangelicals
Orthodox|
Mormon|Mormons
Sunni|Sunnis
Shia,Shiite|Shias,Shiites
Alawite|Alawites
Druze|Druze
Yazidi|Yazidis
Bahai|Bahais
Arab|Arabs
Kurdish|Kurds
Uyghur|Uyghurs
Tibetan|Tibetans
Tamil|Tamils
Sinhalese|Sinhalese
Rohingya|Rohingya
Roma|Roma
Pashtun|Pashtuns
Baloch|Balochs
Hazara|Hazaras
Berber,Amazigh|Berbers
Hutu|Hutus
Tutsi|Tutsis
Amhara|Amharas
Oromo|Oromos
Tigrayan|Tigrayans
Chechen|Chechens
Crimean Tatar|Crimean Tatars
Basque|Basques
Catalan|Catalans
Flemish|Flemings
Walloon|Walloons
Aboriginal,Indigenous|Aboriginals
Latino,Hispanic|Latinos,Hispanics
Democratic|Democrats
Republican|Republicans
Conservative,Tory|Conservatives,Tories
Labour|Labour supporters,Labour voters
Liberal Democrat|Liberal Democrats
Green|Greens
Socialist|Socialists
Communist|Communists
Likud|
Hamas|
Hezbollah|
Fatah|
the Taliban|
"""


def _lexicon() -> dict[str, str]:
    words: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        names, adjectives, peoples = line.split("|")
        for name in names.split(","):
            words[name] = "GPE"
            if name.startswith("the "):
                words[name[4:]] = "GPE"
        for word in (*adjectives.split(","), *peoples.split(",")):
            words.setdefault(word, "NORP")
    for line in _PEOPLES.strip().splitlines():
        adjectives, peoples = line.split("|")
        for word in (*adjectives.split(","), *peoples.split(",")):
            if word:
                words.setdefault(word, "NORP")
    return words


# Group word -> the entity label whose placeholder replaces it.
LEXICON: dict[str, str] = _lexicon()
# Capitalised names only: a lower-case "turkey", "chad", "green" or "china" is not a group.
_LEXICON_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, sorted(LEXICON, key=len, reverse=True))) + r")(?![\w-])"
)


Range = tuple[int, int, str]


def lexicon_ranges(text: str, start: int = 0, end: int | None = None) -> list[Range]:
    """Lexicon group words in `text[start:end]`, as absolute (start, end, label)."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end(), LEXICON[m.group(1)]) for m in _LEXICON_PATTERN.finditer(text, start, stop)]


def group_ranges(text: str, entities: Iterable[tuple[int, int, str]]) -> list[Range]:
    """Group mentions of a text: entities with a group label and lexicon words, overlaps merged.

    Overlapping mentions become one mention labelled by the longest of them; the lexicon wins a tie,
    so the placeholder of a group word never depends on spaCy's label ("Uyghurs" read as ORG or as
    NORP is "the group" alike).
    """
    lexicon = lexicon_ranges(text)
    found = [(s, e, label, 0) for s, e, label in entities if label in GROUP_LABELS]
    found += [(s, e, label, 1) for s, e, label in lexicon]
    merged: list[tuple[int, int, str, int]] = []
    for s, e, label, rank in sorted(found, key=lambda r: (r[0], -r[1])):
        if merged and s < merged[-1][1]:
            ps, pe, plabel, prank = merged[-1]
            keep = (plabel, prank) if (pe - ps, prank) >= (e - s, rank) else (label, rank)
            merged[-1] = (ps, max(pe, e), *keep)
        else:
            merged.append((s, e, label, rank))
    return [(s, e, label) for s, e, label, _ in merged]


_ARTICLE_BEFORE = re.compile(r"\b(the|an?)(\s+)$", re.I)


def masked_text(text: str, start: int, end: int, ranges: Sequence[Range]) -> str:
    """`text[start:end]` with every group mention inside it replaced by its placeholder.

    A mention already preceded by an article keeps it ("the United States" -> "the country", never
    "the the country"; "an American hero" -> "a group hero").
    """
    out: list[str] = []
    last = start
    for s, e, label in ranges:
        if s < start or e > end or s < last:
            continue
        before = text[last:s]
        noun = PLACEHOLDERS.get(label, "the group").split(" ", 1)[1]
        article = _ARTICLE_BEFORE.search(before)
        if article is None:
            out.append(before)
            out.append(f"the {noun}")
        else:
            word = article.group(1)
            if word.lower() != "the":
                word = ("an" if noun[0] in "aeiou" else "a") if word.islower() else ("An" if noun[0] in "aeiou" else "A")
            out.append(before[: article.start()] + word + article.group(2))
            out.append(noun)
        last = e
    out.append(text[last:end])
    masked = "".join(out)
    return masked[:1].upper() + masked[1:] if text[start : start + 1].isupper() else masked


def document_ranges(entities: Iterable[tuple[int, int, str]] | None, parsed: object, text: str) -> list[Range]:
    """Group mentions of a document: its `entities` layer (else the spaCy parse's entities) and the lexicon."""
    if entities is None:
        ents = getattr(parsed, "ents", None) or ()
        entities = [(e.start_char, e.end_char, e.label_) for e in ents]
    return group_ranges(text, entities)


def mask_sentences(texts: Sequence[str], *, batch_size: int = 32) -> list[str]:
    """Each sentence as the `claims.v1` stage's model reads it (spaCy's entities + the lexicon, masked).

    For scoring sentences outside the pipeline (`presslens eval claims`, training checks); loads spaCy.
    """
    from ..parse.spacy_model import load_spacy

    nlp = load_spacy()
    out = []
    for text, parsed in zip(texts, nlp.pipe(texts, batch_size=batch_size)):
        ranges = group_ranges(text, [(e.start_char, e.end_char, e.label_) for e in parsed.ents])
        out.append(masked_text(text, 0, len(text), ranges))
    return out
