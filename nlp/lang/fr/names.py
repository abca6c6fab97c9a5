"""Ce qui annonce un nom de personne dans un commentaire français, et ce qui n'en est jamais un.

Lu par ``verbatim.nlp.names`` (les listes de toutes les langues ensemble : le masquage a lieu avant que
la langue du commentaire soit connue). Comparaisons en minuscules et sans accents, sauf les
civilités abrégées, dont la casse compte (« M. Durand », pas « m. »).
"""

# Civilités : le ou les mots en majuscule qui suivent sont un nom, même un mot du dictionnaire
# (« Mme Martin », « M. Pierre »).
HONORIFICS: frozenset[str] = frozenset({"M.", "Mme", "Mme.", "Mlle", "Mlle.", "Dr", "Dr."})
HONORIFIC_WORDS: frozenset[str] = frozenset(
    "madame monsieur mademoiselle docteur maître professeur".split()
)

# Après ces mots, un mot en majuscule est un nom s'il n'est ni un mot du domaine ni un mot
# outil (« Merci à Pierre », pas « Merci à Tous »), et un mot inconnu du dictionnaire l'est
# même en minuscules (« merci a julie »).
STRONG_TRIGGERS: tuple[str, ...] = (
    "merci à", "merci a", "merci beaucoup à", "merci encore à", "un grand merci à",
    "remercier", "remercie", "remercions", "bravo à", "bravo a", "félicitations à",
    "s'appelle", "s'appelait", "prénommé", "prénommée", "nommé", "nommée", "de la part de",
    "d'après", "selon",
)  # fmt: skip

# Après ceux-ci, seul un mot en majuscule inconnu du dictionnaire est un nom (« Merci Sophie »,
# mais « Merci Beaucoup » reste) : sans ces mots, c'est le NER qui en déciderait.
WEAK_TRIGGERS: tuple[str, ...] = (
    "merci", "bravo", "grâce à", "conseiller", "conseillère", "conseillers", "technicien",
    "technicienne", "vendeur", "vendeuse", "livreur", "livreuse", "agent", "agente",
    "opérateur", "opératrice", "interlocuteur", "interlocutrice", "responsable", "gérant",
    "gérante", "directeur", "directrice", "collègue", "hôtesse", "standardiste", "installateur",
    "j'ai eu", "eu affaire à", "parlé à", "parlé avec", "tombé sur", "tombée sur", "appelé",
    "appelée", "demandez",
)  # fmt: skip

# Ce qui, juste après un mot en majuscule inconnu du dictionnaire, en fait un nom sans le NER
# (« Julie en boutique », « Kevin au téléphone », « Nadia m'a rappelé ») : le personnel, où il
# travaille, ce que fait ou ce qu'est une personne. Un adjectif peut suivre un verbe et un
# adverbe de ces listes (« Sophie a été vraiment adorable »).
AFTER_NAME: tuple[str, ...] = (
    "au téléphone", "au tel", "en boutique", "en magasin", "en agence", "en ligne avec moi",
    "du service client", "du sav", "de la boutique", "du magasin", "de l'agence",
    "m'a aidé", "m'a aidée", "m'a conseillé", "m'a conseillée", "m'a expliqué", "m'a rappelé",
    "m'a rappelée", "m'a répondu", "m'a renseigné", "m'a renseignée", "m'a dépanné",
    "m'a dépannée", "m'a accueilli", "m'a accueillie", "m'a très bien", "m'a bien",
    "nous a aidés", "nous a reçus", "a tout expliqué", "a tout réglé", "a réglé",
    "a été d'une grande aide", "a pris le temps",
)  # fmt: skip
COPULAS: tuple[str, ...] = ("a été", "était", "est", "reste", "fut")
INTENSIFIERS: tuple[str, ...] = (
    "très", "super", "vraiment", "trop", "hyper", "extrêmement", "particulièrement",
    "toujours", "si",
)  # fmt: skip
PERSON_ADJECTIVES: tuple[str, ...] = (
    "aimable", "gentil", "gentille", "patient", "patiente", "serviable", "souriant",
    "souriante", "sympa", "sympathique", "adorable", "compétent", "compétente", "courtois",
    "courtoise", "poli", "polie", "impoli", "impolie", "arrogant", "arrogante", "à l'écoute",
)  # fmt: skip

# Mots du domaine écrits avec une majuscule qui ne sont pas des personnes : marques, produits,
# services, lieux, fêtes, interjections. Le dictionnaire (tables de lemmes de spaCy) connaît
# déjà les noms communs ; ne figure ici que ce qu'il ignore ou ce qu'un déclencheur prendrait
# pour un nom. Un mot par entrée : « Mondial Relay » est couvert par « mondial » et « relay ».
NOT_NAMES: frozenset[str] = frozenset(
    """
    orange sosh free freebox sfr red bouygues telecom bbox livebox b&you nrj lebara prixtel
    coriolis poste colissimo chronopost mondial relay dpd ups dhl fedex gls relais
    fnac darty boulanger cdiscount amazon leclerc carrefour auchan
    netflix canal canal+ disney disney+ prime deezer spotify molotov mycanal youtube
    apple iphone ipad macbook samsung galaxy pixel google android xiaomi redmi huawei oppo
    honor motorola nokia sony wiko chromecast whatsapp facebook instagram messenger
    internet wifi wi-fi fibre adsl vdsl box décodeur tv 4g 5g sav appli
    service client clients équipe boutique magasin agence hotline assistance support
    france paris lyon marseille toulouse nice nantes montpellier strasbourg bordeaux lille
    rennes reims toulon grenoble dijon angers nîmes villeurbanne clermont-ferrand havre
    saint-étienne aix-en-provence brest tours amiens limoges annecy perpignan metz besançon
    orléans rouen mulhouse caen nancy argenteuil montreuil roubaix tourcoing avignon poitiers
    pau calais rochelle bayonne biarritz ajaccio bastia
    île-de-france bretagne normandie occitanie provence alsace lorraine corse auvergne
    rhône-alpes auvergne-rhône-alpes nouvelle-aquitaine hauts-de-france bourgogne
    franche-comté centre-val loire dom tom guadeloupe martinique guyane réunion mayotte
    belgique suisse luxembourg europe
    noël pâques toussaint
    bah bof ben hein oups ouf mdr lol
    """.split()
)
