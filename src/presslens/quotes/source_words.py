"""The words a source is made of, as the speaker resolver reads them (`presslens.quotes.coreference`).

Why data apart from the resolver: these lists are what a reader checks and extends (a missing
title, a document noun), and the actors layer reads the person and group nouns too.
"""

from __future__ import annotations

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us", "their"})
# The writer or a quoted speaker talking of themselves: never resolved to a name by the rules.
FIRST_PERSON = frozenset({"i", "me", "we", "us"})
THING_PRONOUNS = frozenset({"it", "its"})
RELATIVE = frozenset({"who", "that", "which", "whom"})
PERSON_NOUNS = frozenset(
    """leader spokesman spokeswoman spokesperson president candidate nominee senator congressman
    congresswoman representative governor mayor minister secretary official aide adviser advisor chairman
    chairwoman chair director chief head manager attorney lawyer judge general commander businessman
    billionaire mogul founder ceo executive author writer reporter host anchor pastor reverend bishop
    father mother wife husband son daughter man woman prime king queen prince ambassador diplomat
    strategist operative pollster analyst economist professor researcher lawmaker politician democrat
    republican nominee runner-mate mate challenger rival opponent incumbent speaker whip veteran
    activist organizer commissioner sheriff officer detective prosecutor""".split()
)
GROUP_NOUNS = frozenset(
    """group organization organisation company campaign committee party administration agency department
    government ministry movement network firm union council court team office white house commission
    bureau association coalition foundation institute center centre newspaper paper""".split()
)
DOCUMENT_NOUNS = frozenset(
    """letter statement report memo email e-mail post tweet video ad advertisement release document
    note message speech interview op-ed editorial article filing complaint lawsuit book transcript
    study survey poll analysis""".split()
)
# Determiners of several ("both candidates", "each candidate", "all three"): never one person named.
DISTRIBUTIVE = frozenset({"each", "every", "both", "all", "either", "neither"})
INDEFINITE = frozenset({"a", "an", "some", "many", "several", "other", "another", "few", "most", "any", "one"})
# People an article introduces without a name ("a woman who fled", "witnesses"), beside PERSON_NOUNS.
UNNAMED_PEOPLE = PERSON_NOUNS | frozenset(
    """woman man witness resident neighbour neighbor student doctor nurse teacher soldier worker farmer
    boy girl child teenager survivor victim shopkeeper driver journalist correspondent envoy mediator
    negotiator delegate source insider observer expert critic supporter protester demonstrator voter
    medic paramedic police policeman policewoman guard employee staffer member relative friend
    people person citizen villager refugee settler fighter militant rebel""".split()
)
CONTINUING_CUES = frozenset({"add", "continue"})
# Nouns that describe the same role: "the leader" may stand for someone introduced as "head of ...".
LEADING = frozenset({"leader", "head", "chief", "chairman", "chairwoman", "chair", "president"})
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
NOUNS_OF_A_KIND = {word: kind for kind in (LEADING, SPOKESPEOPLE) for word in kind}
# What ties a document to its author in the sentence that names them ("Ines Baptiste wrote to the council").
AUTHORING = frozenset({"write", "wrote", "writes", "written", "penned", "posted", "published", "issued",
                        "released", "sent", "signed", "tweeted"})
# People whose words are their own, not their possessor's ("her supporters", "his wife").
NOT_SPEAKING_FOR = frozenset(
    """supporter critic opponent rival voter fan follower friend enemy victim family relative child son
    daughter wife husband mother father brother sister neighbour neighbor colleague biographer detractor
    classmate niece nephew cousin aunt uncle grandson granddaughter grandmother grandfather member""".split()
)
# Verbs whose object is the person spoken to ("asked Berg about ...", "told reporters that ..."); with
# other cue verbs an object is what was said ("criticised the plan for its cost").
ADDRESSING = frozenset({"ask", "tell", "question", "inform", "remind", "assure"})
# Verbs whose object is asked a question and answers next ("Carlson asked Catherine Lombardo about
# the inquiry. 'We have seen no evidence,' she said"); not with a clause of what to do ("asked X to resign").
QUESTIONING = frozenset({"ask", "question", "press", "quiz"})

