"""Names of countries, peoples, religions and parties: the groups every layer must treat alike.

Why a lexicon beside spaCy: the small English model misses or mislabels
some group names (Tamils and "Labour supporters" not found; Azerbaijan, Tamil
and Sikh read as people or organisations), so the mentions, actors, speakers
and techniques found in a sentence changed with the group it names
(`presslens eval neutrality`). The parse stage makes these names entities after
spaCy's recogniser (`spacy_model.GroupNames`); the entities stage hands the
group entities on as the `groups` layer (`presslens.entities.groups`), which
the techniques and claims layers mask. `LEXICON` maps each name to the entity label
it gets (GPE for countries, NORP for adjectives, peoples, religions and
parties).
"""

from __future__ import annotations

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

# Religions and peoples: adjective | people (commas separate variants).
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
Hamas|
Hezbollah|
Fatah|
the Taliban|
"""

# Parties and political sides: adjective | people. Each party adjective also names its supporters and
# voters as one group ("Labour voters", "Tory voters"), so a sentence reads the same mask whichever
# party it names; before, "Labour voters" was one name and "Tory voters" read as "Tory" + "voters".
_PARTIES = """
Democratic,Democrat|Democrats
Republican|Republicans
Conservative,Tory|Conservatives,Tories
Labour|
Liberal Democrat|Liberal Democrats
Liberal|Liberals
|liberals,conservatives
Green|Greens
Socialist|Socialists
Communist|Communists
Likud|
"""
_FOLLOWERS = ("supporters", "voters")


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
    for block, followers in ((_PEOPLES, ()), (_PARTIES, _FOLLOWERS)):
        for line in block.strip().splitlines():
            adjective_part, people_part = line.split("|")
            adjective_words = [a for a in adjective_part.split(",") if a]
            people_words = [w for w in people_part.split(",") if w]
            for word in (*adjective_words, *people_words, *(f"{a} {n}" for a in adjective_words for n in followers)):
                words.setdefault(word, "NORP")
    return words


# Group word -> the entity label whose placeholder replaces it.
LEXICON: dict[str, str] = _lexicon()


def _groups() -> dict[str, str]:
    """Name, adjective or people -> the country, people or party it names ("Israeli" -> "Israel", "the US" -> "the
    United States", "Muslim" -> "Muslims", "Tory" -> "Conservatives"): every group word names a group."""
    out: dict[str, str] = {}
    for line in _COUNTRIES.strip().splitlines():
        names, adjectives, peoples = line.split("|")
        country = names.split(",")[0]
        for word in (*names.split(","), *adjectives.split(","), *peoples.split(",")):
            out.setdefault(word, country)
    for line in (*_PEOPLES.strip().splitlines(), *_PARTIES.strip().splitlines()):
        adjective_part, people_part = line.split("|")
        adjective_words = [a for a in adjective_part.split(",") if a]
        people_words = [w for w in people_part.split(",") if w]
        if adjective_words:
            party = people_words[0] if people_words else adjective_words[0]
            for word in (*adjective_words, *people_words):
                out.setdefault(word, party)
    return out


# Name, adjective or people -> the group it names, the same way for every country and party.
GROUP_OF: dict[str, str] = _groups()
