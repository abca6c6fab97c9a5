"""Libellés français des thèmes qui ne viennent pas d'un sujet du glossaire."""

GENERAL_PRAISE = "Satisfaction générale (sans sujet précis)"
GENERAL_COMPLAINT = "Mécontentement général (sans sujet précis)"
# un thème dont le sujet n'est pas dans le glossaire : sa phrase clé, avec le côté qu'il prend
COMPLAINT = "Réclamations : {topic}"
PRAISE = "Satisfaction : {topic}"
# une phrase clé trouvée seulement dans les mentions de l'autre langue, montrée comme telle
UNTRANSLATED = "{topic} (anglais seulement, sans libellé français)"
FALLBACK = "Thème {number}"
SEPARATOR = " · "
# mots qui peuvent lier les deux mots d'une phrase clé dans un libellé ("retard de livraison") ;
# un autre mot entre eux (verbe, pronom : "pizza est délicieuse") en ferait une phrase de client
JOINERS = frozenset(
    "de du des d à au aux en pour par sur sans avec le la les l un une et ou".split()
)
# traductions anglaises fixées là où la recherche par le sens (``verbatim.nlp.translate``) se trompe :
# faux amis écrits comme un mot anglais de sens différent ("addition", "lit"), mots à plusieurs
# sens ("temps"), expressions figées ("rapport qualité prix") ; clés en minuscules, au singulier
TRANSLATIONS = {
    "rapport qualité prix": "value for money",
    "rapport qualité-prix": "value for money",
    "salle de bain": "bathroom",
    "temps d'attente": "waiting time",
    "service client": "customer service",
    "petit déjeuner": "breakfast",
    "temps": "time",
    "bon": "good",
    "bonne": "good",
    "petit": "small",
    "petite": "small",
    "frite": "fries",
    "cher": "expensive",
    "chère": "expensive",
    "chers": "expensive",
    "rapide": "fast",
    "lent": "slow",
    "lente": "slow",
    "propre": "clean",
    "frais": "fresh",
    "fraîche": "fresh",
    "froid": "cold",
    "froide": "cold",
    "chaud": "hot",
    "chaude": "hot",
    "chaleureux": "warm",
    "chaleureuse": "warm",
    "végétarien": "vegetarian",
    "végétarienne": "vegetarian",
    "indien": "indian",
    "indienne": "indian",
    "italien": "italian",
    "italienne": "italian",
    "japonais": "japanese",
    "japonaise": "japanese",
    "chinois": "chinese",
    "chinoise": "chinese",
    "thaï": "thai",
    "thaïlandais": "thai",
    "thaïlandaise": "thai",
    "mexicain": "mexican",
    "mexicaine": "mexican",
    "français": "french",
    "française": "french",
    "préféré": "favourite",
    "préférée": "favourite",
    "gratuit": "free",
    "gratuite": "free",
    "mobile": "mobile",
    "internet": "internet",
    "rapport": "ratio",
    "accueil": "welcome",
    "addition": "bill",
    "lit": "bed",
    "plat": "dish",
    "carte": "menu",
    "entrée": "starter",
    "monnaie": "change",
    "location": "rental",
    "librairie": "bookshop",
    "cave": "cellar",
    "coin": "corner",
    "four": "oven",
    "pain": "bread",
    "sale": "dirty",
    "prune": "plum",
    "raisin": "grape",
    "blesser": "hurt",
    "actuellement": "currently",
    "délai": "delay",
    "caution": "deposit",
    "facture": "bill",
    "forfait": "plan",
    "box": "router",
}
