"""Head nouns and adjectives that make a noun phrase a description or a label of an actor.

Why word lists: a description names an actor through a role ("the minister")
or a group ("the government"); a label adds a judgement ("the enemy",
"the criminal regime"). The lists hold the words, never a side: "regime",
"terrorists" and "occupiers" are labels whoever they are said of, and the
same rules link them on every side (the neutrality test checks it).
"""

from __future__ import annotations

from ..quotes.source_words import GROUP_NOUNS as _QUOTE_GROUP_NOUNS
from ..quotes.source_words import PERSON_NOUNS as _QUOTE_PERSON_NOUNS

# A person's role or office: singular ones name one person ("the Hamas leader").
PERSON_ROLES = frozenset(_QUOTE_PERSON_NOUNS) - {"man", "woman", "father", "mother", "wife", "husband", "son", "daughter", "prime", "mate"}
# Roles of someone who leads a group: two of them held by one person tie the groups together.
LEADER_ROLES = frozenset(
    "leader head chief chairman chairwoman chair president founder commander director secretary-general premier".split()
)
# Nouns for a state or an organised side as one actor ("the government", "the army").
STATE_NOUNS = frozenset(
    """government regime state administration authority authorities army military forces force troops police
    leadership cabinet junta occupation entity establishment""".split()
)
# Organisations and movements: linked to an organisation named beside them, not to a people.
GROUP_NOUNS = (frozenset(_QUOTE_GROUP_NOUNS) | {"faction", "militia", "front", "alliance", "organisation", "organization"}) - {
    "paper", "newspaper", "office", "court", "team", "white", "house", "center", "centre", "company", "firm"
}
# Members of a side, named as a body ("Vessarian separatists", "the rebels").
MEMBER_NOUNS = frozenset(
    """separatist separatists rebel rebels militant militants insurgent insurgents fighter fighters soldier soldiers
    settler settlers guerrilla guerrillas paramilitary paramilitaries""".split()
)
# Organisation nouns that end a full name whose first words are the short name ("Hamas Islamic Resistance Movement").
SHORT_NAME_NOUNS = frozenset(
    "movement party front organisation organization group alliance faction militia coalition brigades league".split()
)
# Nouns that judge whoever they name: an epithet whatever the determiner.
LABEL_NOUNS = frozenset(
    """enemy enemies regime occupier occupiers occupation invader invaders aggressor aggressors terrorist terrorists
    extremist extremists thug thugs criminal criminals crusader crusaders infidel infidels puppet puppets junta mob
    rioter rioters bandit bandits fanatic fanatics warmonger warmongers oppressor oppressors tyrant tyrants dictator
    dictatorship butcher butchers mercenary mercenaries collaborator collaborators traitor traitors martyr martyrs
    hero heroes murderer murderers killer killers gangster gangsters gang terror usurper usurpers colonizer colonizers
    coloniser colonisers aggression""".split()
) - {"aggression"}
# Adjectives that turn a description into a label ("the criminal leaders", "the heroic fighters").
LABEL_ADJECTIVES = frozenset(
    """brutal criminal fascist illegitimate so-called murderous bloodthirsty heroic valiant brave occupying racist
    savage barbaric evil rogue puppet usurping terrorist genocidal corrupt tyrannical treacherous cowardly
    warmongering heinous vile satanic glorious noble""".split()
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})

HEAD_NOUNS = PERSON_ROLES | STATE_NOUNS | GROUP_NOUNS | LABEL_NOUNS | MEMBER_NOUNS
