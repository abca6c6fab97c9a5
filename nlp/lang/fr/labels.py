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
