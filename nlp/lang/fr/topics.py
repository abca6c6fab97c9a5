"""French customer-experience concepts: neutral name, signal terms, complaint and praise labels.

Same concept ids as ``nlp/lang/en/topics.py`` (``verbatim.nlp.concepts.check_topics`` asserts it): a
theme labelled from one concept says the same thing in both languages. Terms are surface forms
in the singular (plurals and inflections are matched through lemmas); multi-word terms match as
contiguous lemma sequences, stop words included. Written from general customer-experience
knowledge, grouped by domain; reviewed like code.
"""

from verbatim.nlp.concepts import Topic

# Terms are wrapped by hand, several per line, to keep the glossary readable.
# fmt: off
TOPICS: dict[str, Topic] = {
    # --- Price, value and fees ---
    "price": Topic(
        name="Prix",
        terms=(
            "prix", "tarif", "tarification", "coût", "cher", "onéreux", "abordable", "bon marché",
            "hors de prix", "coûteux", "addition", "prix élevé", "prix raisonnable",
        ),
        complaint="Prix trop élevés",
        praise="Prix abordables",
    ),
    "value_for_money": Topic(
        name="Rapport qualité-prix",
        terms=(
            "rapport qualité-prix", "rapport qualité prix", "qualité-prix", "qualité prix",
            "rapport qualité/prix", "vaut le prix", "vaut le coup", "en vaut la peine", "rentable",
            "vaut la peine", "valoir la peine",
        ),
        complaint="Mauvais rapport qualité-prix",
        praise="Bon rapport qualité-prix",
    ),
    "price_increase": Topic(
        name="Hausse des prix",
        terms=(
            "hausse des prix", "hausse des tarifs", "hausse de prix", "hausse", "augmentation",
            "augmentation des prix", "augmentation des tarifs", "augmenter les prix",
        ),
        complaint="Hausse des tarifs",
        praise="Prix stables",
    ),
    "fees": Topic(
        name="Frais",
        terms=(
            "surcoût", "frais cachés", "coût caché", "frais supplémentaires", "supplément",
            "frais de dossier", "frais de service", "commission", "frais de gestion", "le frais",
            "de frais", "mon frais", "ce frais", "aucun frais", "sans frais", "votre frais",
            "notre frais", "son frais", "frais de", "des frais",
        ),
        complaint="Frais excessifs ou cachés",
        praise="Frais réduits",
    ),
    "discounts": Topic(
        name="Promotions et réductions",
        terms=(
            "promotion", "promo", "code promo", "code de réduction", "bon de réduction", "coupon",
            "bon d'achat", "bonne affaire", "offre spéciale", "réduction", "soldes", "rabais",
            "démarque", "remise de prix", "remise commerciale",
        ),
        complaint="Problèmes de promotions",
        praise="Bonnes promotions",
    ),
    "gift_cards": Topic(
        name="Cartes cadeaux",
        terms=(
            "carte cadeau", "carte-cadeau", "bon cadeau", "chèque cadeau", "e-carte cadeau",
        ),
        complaint="Problèmes de carte cadeau",
        praise="Cartes cadeaux pratiques",
    ),
    "free_version": Topic(
        name="Version gratuite et essai",
        terms=(
            "version gratuite", "offre gratuite", "essai gratuit", "période d'essai", "freemium",
            "version premium", "version pro", "version payante", "paywall",
        ),
        complaint="Version gratuite limitée",
        praise="Version gratuite généreuse",
    ),
    "competitors": Topic(
        name="Concurrence",
        terms=(
            "concurrence", "concurrent", "moins cher ailleurs", "autres opérateurs",
            "autres fournisseurs", "autres enseignes",
        ),
        complaint="Concurrence plus avantageuse",
        praise="Meilleur que la concurrence",
    ),
    "quotes": Topic(
        name="Devis",
        terms=(
            "devis", "estimation", "chiffrage", "devis gratuit",
        ),
        complaint="Problèmes de devis",
        praise="Devis clair et précis",
    ),
    "customs_duties": Topic(
        name="Droits de douane",
        terms=(
            "douane", "frais de douane", "droits de douane", "taxe d'importation", "dédouanement",
        ),
        complaint="Frais de douane imprévus",
        praise="Aucune surprise de douane",
    ),
    # --- Billing and payment ---
    "billing": Topic(
        name="Facturation",
        terms=(
            "facture", "facturation", "facturer", "surfacturation", "erreur de facturation",
            "double prélèvement", "prélevé deux fois", "relevé de facture", "mauvaise facture",
        ),
        complaint="Erreurs de facturation",
        praise="Facturation claire",
    ),
    "payment": Topic(
        name="Paiement",
        terms=(
            "paiement", "moyen de paiement", "mode de paiement", "paiement par carte",
            "paiement refusé", "paiement en ligne", "règlement",
        ),
        complaint="Problèmes de paiement",
        praise="Paiement facile",
    ),
    "monthly_payments": Topic(
        name="Mensualités",
        terms=(
            "mensualité", "mensualisation", "prélèvement", "prélèvement automatique", "échéancier",
            "régularisation", "facture de régularisation",
        ),
        complaint="Problèmes de mensualités",
        praise="Mensualités prévisibles",
    ),
    "refund": Topic(
        name="Remboursements",
        terms=(
            "remboursement", "rembourser", "remboursé", "avoir client", "rétrofacturation",
        ),
        complaint="Remboursements lents ou refusés",
        praise="Remboursement rapide",
    ),
    "compensation": Topic(
        name="Dédommagement",
        terms=(
            "dédommagement", "dédommager", "compensation", "compenser", "geste commercial",
            "geste", "indemnité", "réparation du préjudice",
        ),
        complaint="Aucun dédommagement proposé",
        praise="Dédommagement juste",
    ),
    # --- Contracts, subscriptions and accounts ---
    "contract": Topic(
        name="Contrat",
        terms=(
            "contrat", "engagement", "sans engagement", "conditions générales", "cgv", "cgu",
            "petites lignes", "clause", "avenant", "durée d'engagement",
        ),
        complaint="Conditions de contrat floues",
        praise="Conditions de contrat claires",
    ),
    "subscription": Topic(
        name="Abonnement et forfait",
        terms=(
            "abonnement", "abonné", "abonner", "forfait", "souscription", "souscrire",
            "renouvellement", "reconduction", "tacite reconduction", "adhésion",
        ),
        complaint="Abonnement rigide ou coûteux",
        praise="Abonnement flexible",
    ),
    "termination": Topic(
        name="Résiliation",
        terms=(
            "résiliation", "résilier", "désabonnement", "désabonner", "désinscription",
            "désinscrire", "clôture de compte", "clôturer", "fermeture de compte",
            "fermer mon compte", "fin de contrat",
        ),
        complaint="Résiliation difficile",
        praise="Résiliation facile",
    ),
    "cancellations": Topic(
        name="Annulations",
        terms=(
            "annulation", "annuler", "annulé", "déprogrammé",
            # not "supprimé" alone: "mon compte a été supprimé", "ils ont supprimé la fonction"
            "train supprimé", "vol supprimé", "trajet supprimé", "cours supprimé",
            "séance supprimée", "rendez-vous supprimé", "réservation supprimée",
        ),
        complaint="Problèmes d'annulation",
        praise="Annulation facile",
    ),
    "account": Topic(
        name="Compte client",
        terms=(
            "compte", "compte client", "mon compte", "espace client", "espace personnel", "profil",
            "compte utilisateur", "données du compte",
        ),
        complaint="Problèmes de compte client",
        praise="Gestion du compte facile",
    ),
    "account_blocked": Topic(
        name="Comptes bloqués",
        terms=(
            "compte bloqué", "blocage de compte", "compte suspendu", "gel du compte", "blocage",
            "bloqué", "suspendu", "déblocage", "débloquer",
        ),
        complaint="Comptes bloqués sans raison",
        praise="Déblocage rapide",
    ),
    "identity_checks": Topic(
        name="Vérification d'identité",
        terms=(
            "vérification d'identité", "contrôle d'identité", "kyc", "justificatif d'identité",
            "justificatif de domicile", "pièce d'identité", "vérification",
        ),
        complaint="Vérifications d'identité lourdes",
        praise="Vérification d'identité rapide",
    ),
    "paperwork": Topic(
        name="Démarches administratives",
        terms=(
            "démarche", "démarches administratives", "paperasse", "paperasserie", "formalité",
            "procédure", "bureaucratie", "formulaire", "document", "justificatif", "dossier",
            "administratif", "administration",
        ),
        complaint="Trop de paperasse",
        praise="Démarches simples",
    ),
    "moving_home": Topic(
        name="Déménagement",
        terms=(
            "déménagement", "déménager", "changement d'adresse", "nouvelle adresse",
            "transfert de contrat",
        ),
        complaint="Déménagement compliqué",
        praise="Déménagement facile",
    ),
    "personal_data": Topic(
        name="Données personnelles",
        terms=(
            "données personnelles", "confidentialité", "vie privée", "rgpd",
            "protection des données", "informations personnelles", "fuite de données",
            "partage des données",
        ),
        complaint="Inquiétudes sur la confidentialité",
        praise="Vie privée respectée",
    ),
    "marketing_messages": Topic(
        name="Sollicitations commerciales",
        terms=(
            "spam", "newsletter", "démarchage", "démarchage téléphonique", "prospection",
            "sollicitation", "harcèlement commercial", "appel commercial", "courriel promotionnel",
            "publicité par mail",
        ),
        complaint="Trop de sollicitations commerciales",
        praise="Newsletters utiles",
    ),
    "ads": Topic(
        name="Publicités",
        terms=(
            "pub", "publicité", "pop-up", "popup", "annonce", "bannière publicitaire", "réclame",
            "spot publicitaire",
        ),
        complaint="Trop de publicités",
        praise="Pas de publicités intrusives",
    ),
    "fraud": Topic(
        name="Fraude et arnaques",
        terms=(
            "fraude", "frauduleux", "arnaque", "arnaquer", "escroquerie", "escroc", "hameçonnage",
            "phishing", "piratage", "piraté", "usurpation d'identité", "opération suspecte",
            "transaction non autorisée",
        ),
        complaint="Fraude mal gérée",
        praise="Fraude bien gérée",
    ),
    "security": Topic(
        name="Sécurité",
        terms=(
            "sécurité", "sécurisé", "insécurité", "dangereux", "danger", "vigile",
            "agent de sécurité", "vol à l'étalage", "cambriolage",
        ),
        complaint="Sentiment d'insécurité",
        praise="Sentiment de sécurité",
    ),
    # --- Customer service and contact ---
    "customer_service": Topic(
        name="Service client",
        terms=(
            "service client", "service clients", "service clientèle", "service à la clientèle",
            "relation client", "relation clientèle", "support", "assistance", "hotline client",
        ),
        complaint="Mauvais service client",
        praise="Excellent service client",
    ),
    "reachability": Topic(
        name="Joignabilité",
        terms=(
            "joindre", "injoignable", "joignable", "contacter", "contact", "hotline",
            "ligne téléphonique", "centre d'appel", "centre d'appels", "plateforme téléphonique",
            "appel", "appeler", "appel téléphonique", "par téléphone", "au téléphone",
            "téléphoner", "standard téléphonique", "difficile à joindre",
        ),
        complaint="Service client injoignable",
        praise="Facile à joindre",
    ),
    "phone_wait": Topic(
        name="Attente au téléphone",
        terms=(
            "attente téléphonique", "mis en attente", "mise en attente", "musique d'attente",
            "attente au téléphone", "patienter au téléphone",
        ),
        complaint="Longue attente au téléphone",
        praise="Appels pris rapidement",
    ),
    "callback": Topic(
        name="Rappel",
        terms=(
            "rappel", "rappeler", "recontacter", "recontacté", "être rappelé",
        ),
        complaint="Jamais rappelé",
        praise="Rappelé rapidement",
    ),
    "response": Topic(
        name="Réponses aux demandes",
        terms=(
            "réponse", "répondre", "relance", "relancer", "ticket", "délai de réponse",
            "sans réponse", "aucune réponse", "requête", "sollicitation client",
            "ma demande", "la demande", "une demande", "votre demande", "sa demande",
            "leur demande", "mes demandes", "nos demandes", "aucune demande", "demande client",
            "demande de rappel",
        ),
        complaint="Réponses lentes ou absentes",
        praise="Réponses rapides",
    ),
    "chatbot": Topic(
        name="Chat et chatbot",
        terms=(
            "chat", "tchat", "chatbot", "robot", "assistant virtuel", "réponse automatique",
            "messagerie instantanée", "chat en ligne",
        ),
        complaint="Chatbot inutile",
        praise="Chat en ligne utile",
    ),
    "human_contact": Topic(
        name="Contact humain",
        terms=(
            "humain", "vraie personne", "contact humain", "être humain", "parler à quelqu'un",
            "automatisé", "automatisation", "aucun humain",
        ),
        complaint="Aucun contact humain",
        praise="Vrai contact humain",
    ),
    "single_contact": Topic(
        name="Interlocuteur unique",
        terms=(
            "interlocuteur", "interlocuteur unique", "interlocuteur dédié", "même personne",
            "personne différente", "conseiller attitré", "référent", "intermédiaire",
        ),
        complaint="Interlocuteur différent à chaque fois",
        praise="Un interlocuteur dédié",
    ),
    "complaint_handling": Topic(
        name="Traitement des réclamations",
        terms=(
            "réclamation", "plainte", "litige", "médiateur", "médiation", "contestation",
            "contester", "se plaindre", "escalade",
        ),
        complaint="Réclamations mal traitées",
        praise="Litiges vite réglés",
    ),
    "problem_resolution": Topic(
        name="Solutions apportées",
        terms=(
            "résoudre", "résolu", "résolution", "solution", "régler", "réglé", "non résolu",
            "solutionner", "dénouement", "contournement",
        ),
        complaint="Problèmes non résolus",
        praise="Solutions rapides et efficaces",
    ),
    "follow_up": Topic(
        name="Suivi",
        terms=(
            "suivi", "suivre mon dossier", "tenir informé", "tenu informé", "sans nouvelles",
            "aucune nouvelle", "pas de nouvelles", "suivi du dossier",
        ),
        complaint="Aucun suivi",
        praise="Bon suivi",
    ),
    "communication": Topic(
        name="Communication",
        terms=(
            "communication", "communiquer", "information", "informer", "mail", "email", "e-mail",
            "courriel", "courrier", "lettre", "sms", "texto", "message", "informé",
        ),
        complaint="Communication insuffisante",
        praise="Communication claire",
    ),
    "notifications": Topic(
        name="Notifications",
        terms=(
            "notification", "notifications", "notification push", "alerte", "alertes",
            "rappel automatique", "pense-bête",
        ),
        complaint="Trop de notifications",
        praise="Notifications utiles",
    ),
    "transparency": Topic(
        name="Transparence et honnêteté",
        terms=(
            "transparence", "transparent", "honnête", "honnêteté", "malhonnête", "malhonnêteté",
            "trompeur", "tromper", "mensonge", "mentir", "menteur", "duper", "mensonger",
        ),
        complaint="Informations trompeuses",
        praise="Honnête et transparent",
    ),
    "promises": Topic(
        name="Respect des engagements",
        terms=(
            "promesse", "promettre", "promis", "comme promis", "tenir parole", "fausse promesse",
            "tenir ses promesses", "engagement non tenu", "engagements tenus",
        ),
        complaint="Promesses non tenues",
        praise="Promesses tenues",
    ),
    "trust": Topic(
        name="Confiance",
        terms=(
            "confiance", "digne de confiance", "méfiance", "défiance", "se fier", "sérénité",
            "tranquillité d'esprit",
        ),
        complaint="Perte de confiance",
        praise="Entreprise de confiance",
    ),
    "listening": Topic(
        name="Écoute et empathie",
        terms=(
            "écoute", "écouter", "à l'écoute", "empathie", "empathique", "compréhensif",
            "attentif", "attentionné", "bienveillant", "bienveillance", "ignoré",
            "mépris", "méprisant",
        ),
        complaint="Clients pas écoutés",
        praise="Bonne écoute",
    ),
    "personalised_service": Topic(
        name="Service personnalisé",
        terms=(
            "personnalisé", "personnalisation", "sur mesure", "sur-mesure", "individualisé",
            "impersonnel", "attention particulière", "suivi individuel",
        ),
        complaint="Service impersonnel",
        praise="Service personnalisé",
    ),
    "apologies": Topic(
        name="Excuses",
        terms=(
            "excuse", "excuses", "s'excuser", "excusé",
        ),
        complaint="Aucune excuse",
        praise="Excuses sincères",
    ),
    "language": Topic(
        name="Langue",
        terms=(
            "langue", "anglais", "français", "parler français", "parler anglais", "traduction",
            "traduit", "accent", "bilingue",
        ),
        complaint="Barrière de la langue",
        praise="Disponible dans ma langue",
    ),
    "appointment": Topic(
        name="Rendez-vous",
        terms=(
            "rendez-vous", "rdv", "créneau", "créneau horaire", "prise de rendez-vous",
            "reprogrammer", "reporter le rendez-vous",
        ),
        complaint="Rendez-vous difficile à obtenir",
        praise="Rendez-vous faciles à prendre",
    ),
    # --- Staff ---
    "staff": Topic(
        name="Personnel",
        terms=(
            "personnel", "employé", "équipe", "salarié", "collaborateur", "staff",
            "serviabilité", "peu serviable", "membre de l'équipe",
        ),
        complaint="Personnel peu serviable",
        praise="Personnel serviable",
    ),
    "staff_friendliness": Topic(
        name="Amabilité du personnel",
        terms=(
            "aimable", "amabilité", "désagréable", "sympathique", "poli", "politesse", "impoli",
            "malpoli", "courtois", "courtoisie", "discourtois", "gentil", "gentillesse",
            "souriant", "sourire", "arrogant", "condescendant", "attitude", "froideur",
        ),
        complaint="Personnel désagréable",
        praise="Personnel aimable",
    ),
    "welcome": Topic(
        name="Accueil",
        terms=(
            "accueil", "accueillir", "accueillant", "accueil chaleureux", "bienvenue",
            "peu accueillant",
        ),
        complaint="Mauvais accueil",
        praise="Accueil chaleureux",
    ),
    "competence": Topic(
        name="Compétence du personnel",
        terms=(
            "compétent", "compétence", "incompétent", "incompétence", "professionnel",
            "professionnalisme", "manque de professionnalisme", "expertise", "expert",
            "savoir-faire", "connaisseur", "amateurisme",
        ),
        complaint="Personnel incompétent",
        praise="Personnel compétent et professionnel",
    ),
    "staff_training": Topic(
        name="Formation du personnel",
        terms=(
            "formation du personnel", "mal formé", "bien formé", "personnel formé", "non formé",
            "inexpérimenté", "stagiaire", "manque de formation",
        ),
        complaint="Personnel mal formé",
        praise="Personnel bien formé",
    ),
    "staff_availability": Topic(
        name="Disponibilité du personnel",
        terms=(
            "manque de personnel", "sous-effectif", "pas assez de personnel",
            "personnel disponible", "manque d'effectif", "personnel en nombre",
        ),
        complaint="Manque de personnel",
        praise="Personnel toujours disponible",
    ),
    "advice": Topic(
        name="Conseil",
        terms=(
            "conseil", "conseiller", "conseillère", "accompagnement", "accompagner", "orientation",
            "préconisation", "recommandation",
        ),
        complaint="Mauvais conseils",
        praise="Bons conseils",
    ),
    "sales_staff": Topic(
        name="Vendeurs",
        terms=(
            "vendeur", "vendeuse", "commercial", "conseiller de vente", "équipe commerciale",
            "personnel du magasin", "conseiller commercial",
        ),
        complaint="Vendeurs peu serviables",
        praise="Vendeurs serviables",
    ),
    "sales_pressure": Topic(
        name="Pression commerciale",
        terms=(
            "insistant", "pression commerciale", "vente forcée", "forcing", "vente agressive",
            "pousser à l'achat", "vente additionnelle",
        ),
        complaint="Pression commerciale insistante",
        praise="Aucune pression commerciale",
    ),
    "management": Topic(
        name="Direction",
        terms=(
            "direction", "gérant", "manager", "patron", "propriétaire", "directeur",
            "responsable du magasin", "hiérarchie", "encadrement", "siège social",
        ),
        complaint="Direction défaillante",
        praise="Direction impliquée",
    ),
    # --- Time, speed and reliability ---
    "waiting_time": Topic(
        name="Temps d'attente",
        terms=(
            "attente", "attendre", "temps d'attente", "file d'attente", "queue", "faire la queue",
            "patienter", "liste d'attente", "salle d'attente",
        ),
        complaint="Attente trop longue",
        praise="Peu d'attente",
    ),
    "speed": Topic(
        name="Rapidité",
        terms=(
            "rapidité", "rapide", "rapidement", "vite", "lent", "lentement", "lenteur",
            "promptitude", "célérité", "vitesse",
        ),
        # un attribut : d'un service, d'un produit, d'une livraison ; sa formulation n'en nomme aucun
        complaint="Trop lent",
        praise="Rapide",
    ),
    "responsiveness": Topic(
        name="Réactivité",
        terms=(
            "réactivité", "réactif", "manque de réactivité", "peu réactif", "très réactif",
        ),
        complaint="Manque de réactivité",
        praise="Très réactif",
    ),
    "efficiency": Topic(
        name="Efficacité",
        terms=(
            "efficace", "efficacité", "inefficace", "inefficacité", "efficience",
        ),
        complaint="Service inefficace",
        praise="Service efficace",
    ),
    "delays": Topic(
        name="Retards et délais",
        terms=(
            "retard", "délai", "en retard", "tardif", "reporté", "respect des délais",
            "dans les délais", "hors délai", "échéance", "tard", "tardivement",
        ),
        complaint="Retards répétés",
        praise="Délais respectés",
    ),
    "processing_time": Topic(
        name="Délai de traitement",
        terms=(
            "traitement", "délai de traitement", "temps de traitement", "traitement du dossier",
            "traitement de la demande", "instruction du dossier",
        ),
        complaint="Traitement trop lent",
        praise="Traitement rapide",
    ),
    "punctuality": Topic(
        name="Ponctualité",
        terms=(
            "ponctuel", "ponctualité", "à l'heure", "à temps", "arrivé en retard", "en avance",
        ),
        complaint="Manque de ponctualité",
        praise="Toujours à l'heure",
    ),
    "reliability": Topic(
        name="Fiabilité",
        terms=(
            "fiable", "fiabilité", "peu fiable", "sérieux", "manque de sérieux",
            "entreprise sérieuse", "infaillible",
        ),
        # un attribut : d'un service, d'un produit, d'un réseau ; sa formulation n'en nomme aucun
        complaint="Peu fiable",
        praise="Fiable",
    ),
    "consistency": Topic(
        name="Régularité",
        terms=(
            "régulier", "régularité", "constant", "constance", "irrégulier", "irrégularité",
            "inégal", "inconstant", "aléatoire", "imprévisible",
        ),
        complaint="Qualité irrégulière",
        praise="Qualité constante",
    ),
    "outages": Topic(
        name="Pannes et coupures",
        terms=(
            "panne", "en panne", "coupure", "coupure de courant", "interruption",
            "interruption de service", "hors service", "dysfonctionnement", "défaillance",
            "perturbation",
        ),
        complaint="Pannes fréquentes",
        praise="Aucune panne",
    ),
    "organisation": Topic(
        name="Organisation",
        terms=(
            "organisation", "organisé", "organiser", "désorganisé", "désorganisation", "chaos",
            "chaotique", "bazar", "logistique", "coordination", "pagaille",
        ),
        complaint="Mauvaise organisation",
        praise="Bien organisé",
    ),
    "simplicity": Topic(
        name="Simplicité",
        terms=(
            "simple", "simplicité", "sans souci", "sans tracas", "facile", "facilité", "fluide",
            "compliqué", "complexe", "complexité", "complication", "galère",
            "parcours du combattant", "usine à gaz",
        ),
        complaint="Trop compliqué",
        praise="Simple et sans souci",
    ),
    # --- Products and retail ---
    "product_quality": Topic(
        name="Qualité des produits",
        terms=(
            "qualité", "produit", "article", "marchandise", "qualité des produits", "mal fini",
            "camelote", "de qualité", "pacotille", "bas de gamme", "haut de gamme",
            "entrée de gamme", "haut-de-gamme",
        ),
        complaint="Qualité médiocre",
        praise="Haute qualité",
    ),
    "durability": Topic(
        name="Durabilité",
        terms=(
            "durabilité", "solide", "solidité", "robuste", "robustesse", "fragile", "usé", "usure",
            "tenir dans le temps", "durée de vie", "résistant", "cassé au bout",
        ),
        complaint="S'use trop vite",
        praise="Solide et durable",
    ),
    "defects": Topic(
        name="Produits défectueux",
        terms=(
            "défaut", "défectueux", "cassé", "abîmé", "abimé", "endommagé", "vice caché",
            "malfaçon", "non fonctionnel", "hors d'usage", "ne fonctionne pas", "ne marche pas",
            "arrivé abîmé", "casser",
            "arrêté de fonctionner", "cessé de fonctionner", "ne fonctionne plus", "ne marche plus",
        ),
        complaint="Produits défectueux ou abîmés",
        praise="Produits en parfait état",
    ),
    "conformity": Topic(
        name="Conformité au descriptif",
        terms=(
            "conforme", "conformité", "non conforme", "description", "descriptif", "fiche produit",
            "informations produit", "photo trompeuse",
            "différent de la photo", "correspond à la description", "étiquette", "étiquetage",
        ),
        complaint="Non conforme à la description",
        praise="Conforme à la description",
    ),
    "choice": Topic(
        name="Choix et gamme",
        terms=(
            "choix", "gamme", "sélection", "variété", "assortiment", "catalogue", "diversité",
            "éventail", "large choix", "option", "options", "gamme de produits", "large gamme",
        ),
        complaint="Choix limité",
        praise="Large choix",
    ),
    "availability": Topic(
        name="Disponibilité et stock",
        terms=(
            "stock", "en stock", "disponibilité", "disponible", "indisponible", "indisponibilité",
            "rupture", "rupture de stock", "épuisé", "réassort", "réapprovisionnement", "pénurie",
            "approvisionnement", "rayons vides",
        ),
        complaint="Produits en rupture de stock",
        praise="Bonne disponibilité",
    ),
    "freshness": Topic(
        name="Fraîcheur",
        terms=(
            "fraîcheur", "fraicheur", "périmé", "date de péremption", "date limite", "dlc",
            "moisi", "rassis", "produit frais", "produits frais", "ingrédient frais",
            "fraîchement", "légume frais", "frais",
        ),
        complaint="Produits pas frais",
        praise="Produits frais",
    ),
    "packaging": Topic(
        name="Emballage",
        terms=(
            "emballage", "emballé", "conditionnement", "carton", "boîte", "papier bulle",
            "colis mal emballé", "bien emballé", "mal emballé", "reconditionné",
        ),
        complaint="Emballage insuffisant",
        praise="Emballage soigné",
    ),
    "sustainability": Topic(
        name="Impact environnemental",
        terms=(
            "environnement", "environnemental", "écologique", "écologie", "éco-responsable",
            "écoresponsable", "développement durable", "recyclage", "recyclable", "plastique",
            "gaspillage", "déchet", "carbone", "suremballage", "renouvelable", "énergie verte",
        ),
        complaint="Peu écologique",
        praise="Respectueux de l'environnement",
    ),
    "brand": Topic(
        name="Marque et réputation",
        terms=(
            "marque", "réputation", "image de marque", "image", "enseigne", "notoriété",
            "grande marque",
        ),
        complaint="Image dégradée",
        praise="Marque de confiance",
    ),
    "loyalty": Topic(
        name="Fidélité client",
        terms=(
            "fidélité", "client fidèle", "fidèle", "ancienneté", "ancien client", "client depuis",
            "nouveaux clients", "nouveau client", "clients existants", "client de longue date",
        ),
        complaint="Fidélité non récompensée",
        praise="Fidélité récompensée",
    ),
    "loyalty_program": Topic(
        name="Programme de fidélité",
        terms=(
            "programme de fidélité", "carte de fidélité", "points de fidélité", "récompense",
            "cagnotte", "avantages fidélité", "cashback", "carte de membre", "avantages membres",
            "miles", "programme de points",
        ),
        complaint="Programme de fidélité peu avantageux",
        praise="Programme de fidélité avantageux",
    ),
    "store": Topic(
        name="Magasin",
        terms=(
            "magasin", "boutique", "supermarché", "hypermarché", "point de vente",
            "grande surface", "showroom", "centre commercial", "galerie marchande", "en magasin",
        ),
        complaint="Magasins mal tenus",
        praise="Magasins agréables",
    ),
    "store_layout": Topic(
        name="Agencement du magasin",
        terms=(
            "agencement", "rayon", "rayonnage", "étagère", "signalétique", "disposition", "allée",
            "implantation", "mise en rayon",
        ),
        complaint="Agencement du magasin confus",
        praise="Magasin bien organisé",
    ),
    "checkout": Topic(
        name="Caisse",
        terms=(
            "caisse", "caissier", "caissière", "passage en caisse", "caisse automatique",
            "caisse libre-service", "file à la caisse", "caisses", "encaissement",
        ),
        complaint="Problèmes en caisse",
        praise="Passage en caisse rapide",
    ),
    "branch": Topic(
        name="Agence",
        terms=(
            "agence", "succursale", "agence locale", "réseau d'agences", "fermeture d'agence",
            "agence de proximité",
        ),
        complaint="Problèmes d'agence",
        praise="Agence locale serviable",
    ),
    "accessories": Topic(
        name="Accessoires",
        terms=(
            "accessoire", "accessoires", "stylet", "housse", "étui", "coque de protection",
            "sacoche",
        ),
        complaint="Problèmes d'accessoires",
        praise="Accessoires utiles inclus",
    ),
    # --- Digital: website, app, software ---
    "website": Topic(
        name="Site web",
        terms=(
            "site", "site web", "site internet", "page web", "en ligne", "boutique en ligne",
            "magasin en ligne", "e-boutique",
        ),
        complaint="Site difficile à utiliser",
        praise="Site facile à utiliser",
    ),
    "mobile_app": Topic(
        name="Application",
        terms=(
            "appli", "application", "app", "application mobile", "appli mobile",
            "application smartphone", "application android", "application ios",
        ),
        complaint="Application décevante",
        praise="Application pratique",
    ),
    "bugs": Topic(
        name="Bugs et plantages",
        terms=(
            "bug", "bogue", "beug", "bugue", "buggé", "beugue", "plantage", "planter", "crash",
            "erreur", "message d'erreur", "freeze", "figé", "se fige", "perte de données",
            "ça rame", "ramer", "ne charge pas",
        ),
        complaint="Bugs et plantages",
        praise="Fonctionne sans bug",
    ),
    "usability": Topic(
        name="Facilité d'utilisation",
        terms=(
            "facile à utiliser", "facilité d'utilisation", "ergonomie", "ergonomique", "intuitif",
            "navigation", "naviguer", "interface", "interface utilisateur", "simple d'utilisation",
            "simple à utiliser", "difficile à utiliser", "compliqué à utiliser", "déroutant",
            "lourdingue",
        ),
        complaint="Difficile à utiliser",
        praise="Facile à utiliser",
    ),
    "loading": Topic(
        name="Temps de chargement",
        terms=(
            "chargement", "temps de chargement", "long à charger", "lent à charger",
            "chargement lent", "se charge lentement", "page qui charge",
        ),
        complaint="Chargement lent",
        praise="Chargement rapide",
    ),
    "features": Topic(
        name="Fonctionnalités",
        terms=(
            "fonctionnalité", "fonctionnalités", "fonction", "fonctionnalité manquante",
            "nouvelle fonctionnalité", "outil", "outils",
        ),
        complaint="Fonctionnalités manquantes",
        praise="Fonctionnalités utiles",
    ),
    "updates": Topic(
        name="Mises à jour",
        terms=(
            "mise à jour", "mises à jour", "maj", "mise-à-jour", "nouvelle version", "version",
            "mettre à jour", "correctif", "dernière version",
        ),
        complaint="Mises à jour problématiques",
        praise="Mises à jour régulières",
    ),
    "settings": Topic(
        name="Paramètres et personnalisation",
        terms=(
            "paramètre", "paramètres", "paramétrage", "paramétrer", "réglage", "réglages",
            "configuration", "configurer", "préférences", "mode sombre", "personnalisable",
        ),
        complaint="Personnalisation limitée",
        praise="Très personnalisable",
    ),
    "login": Topic(
        name="Connexion au compte",
        terms=(
            "identifiant", "identifiants", "mot de passe", "se connecter", "connecter",
            "authentification", "double authentification", "code de vérification",
            "code de validation", "login", "impossible de se connecter", "accès au compte",
        ),
        complaint="Problèmes de connexion au compte",
        praise="Connexion facile",
    ),
    "search": Topic(
        name="Recherche",
        terms=(
            "recherche", "moteur de recherche", "barre de recherche", "fonction de recherche",
            "filtre", "filtres", "résultats de recherche",
        ),
        complaint="Recherche inefficace",
        praise="Recherche efficace",
    ),
    "ordering": Topic(
        name="Commande",
        terms=(
            "commande", "commander", "passer commande", "passer une commande", "panier",
            "processus de commande", "validation de commande", "précommande",
            "achat en ligne", "processus d'achat",
        ),
        complaint="Problèmes de commande",
        praise="Commande facile",
    ),
    "order_errors": Topic(
        name="Erreurs de commande",
        terms=(
            "erreur de commande", "mauvais article", "article manquant", "commande incomplète",
            "produit manquant", "mauvais produit", "erreur dans la commande", "commande erronée",
            "mauvaise taille envoyée", "mauvaise commande",
        ),
        complaint="Articles erronés ou manquants",
        praise="Commandes toujours exactes",
    ),
    "software": Topic(
        name="Logiciel",
        terms=(
            "logiciel", "programme", "plateforme", "plate-forme", "système", "solution logicielle",
            "progiciel", "suite logicielle",
        ),
        complaint="Logiciel décevant",
        praise="Logiciel performant",
    ),
    "integrations": Topic(
        name="Intégrations",
        terms=(
            "intégration", "intégrer", "api", "plugin", "extension", "module complémentaire",
            "connecteur", "synchronisation", "synchro", "synchroniser", "export", "exporter",
            "import",
        ),
        complaint="Intégrations manquantes",
        praise="Bonnes intégrations",
    ),
    "documentation": Topic(
        name="Documentation et aide",
        terms=(
            "documentation", "doc", "manuel", "mode d'emploi", "notice", "guide",
            "guide d'utilisation", "tutoriel", "tuto", "faq", "centre d'aide",
            "base de connaissances", "instructions", "aide en ligne",
        ),
        complaint="Documentation insuffisante",
        praise="Documentation claire",
    ),
    "onboarding": Topic(
        name="Prise en main",
        terms=(
            "prise en main", "onboarding", "courbe d'apprentissage", "démarrer avec",
            "prendre en main",
        ),
        complaint="Prise en main difficile",
        praise="Prise en main rapide",
    ),
    "reports": Topic(
        name="Rapports et tableaux de bord",
        terms=(
            "rapport", "reporting", "tableau de bord", "tableaux de bord", "statistique",
            "statistiques", "stats", "graphique", "graphiques",
        ),
        complaint="Rapports limités",
        praise="Rapports utiles",
    ),
    "license": Topic(
        name="Licences",
        terms=(
            "licence", "licences", "clé d'activation", "clé de licence", "numéro de série",
            "clé produit",
        ),
        complaint="Problèmes de licence",
        praise="Licence simple",
    ),
    # --- Delivery and logistics ---
    "delivery": Topic(
        name="Livraison",
        terms=(
            "livraison", "livrer", "livré", "livreur", "livreuse", "colis", "expédition",
            "expédier", "expédié", "envoi", "coursier", "facteur", "la poste", "bureau de poste",
            "transporteur", "boîte aux lettres", "pas de porte", "mauvaise adresse",
        ),
        complaint="Retards et problèmes de livraison",
        praise="Livraison rapide",
    ),
    "delivery_time": Topic(
        name="Délai de livraison",
        terms=(
            "délai de livraison", "délais de livraison", "date de livraison",
            "retard de livraison", "livraison en retard", "temps de livraison",
            "délai d'expédition", "livraison tardive",
        ),
        complaint="Délais de livraison trop longs",
        praise="Livré dans les délais",
    ),
    "delivery_cost": Topic(
        name="Frais de livraison",
        terms=(
            "frais de port", "frais de livraison", "coût de livraison", "livraison gratuite",
            "port gratuit", "frais d'envoi", "frais d'expédition", "port offert",
            "livraison offerte",
        ),
        complaint="Frais de livraison élevés",
        praise="Livraison gratuite ou bon marché",
    ),
    "delivery_slot": Topic(
        name="Créneaux de livraison",
        terms=(
            "créneau de livraison", "plage de livraison", "rendez-vous de livraison",
            "options de livraison", "choix du créneau",
        ),
        complaint="Créneaux de livraison inadaptés",
        praise="Créneaux de livraison flexibles",
    ),
    "tracking": Topic(
        name="Suivi de commande",
        terms=(
            "suivi de commande", "suivi du colis", "suivi de colis", "suivi de livraison",
            "numéro de suivi", "lien de suivi", "traçabilité", "statut de commande",
            "suivre ma commande", "suivre le colis", "tracking",
        ),
        complaint="Suivi de commande peu fiable",
        praise="Suivi de commande clair",
    ),
    "pickup_point": Topic(
        name="Points relais",
        terms=(
            "point relais", "relais colis", "point retrait", "point de retrait", "consigne",
            "casier", "consigne automatique", "retrait en magasin", "click and collect", "drive",
            "relais",
        ),
        complaint="Points relais peu pratiques",
        praise="Points relais pratiques",
    ),
    "parcel_problems": Topic(
        name="Colis perdus ou abîmés",
        terms=(
            "colis perdu", "colis égaré", "jamais reçu", "jamais arrivé", "non livré", "non reçu",
            "colis manquant", "colis volé", "colis abîmé", "colis endommagé", "jamais livré",
            "colis disparu",
        ),
        complaint="Colis perdus ou abîmés",
        praise="Colis toujours bien arrivés",
    ),
    # --- Returns, warranty and after-sales ---
    "returns": Topic(
        name="Retours",
        terms=(
            # pas le verbe seul : « j'y retournerai », « à notre retour », « on m'a renvoyé
            # vers le service client » ne parlent pas d'un retour de produit
            "retour produit", "retour de produit", "retour du colis", "retour de colis",
            "retour de l'article", "retour gratuit", "retours gratuits", "retour facile",
            "politique de retour", "étiquette de retour", "bon de retour", "frais de retour",
            "délai de retour", "procédure de retour", "retourner le colis",
            "retourner le produit", "retourner l'article", "retourner la commande",
            "renvoyer le colis", "renvoyer le produit", "renvoyer l'article",
            "renvoyer la commande", "rétractation", "droit de rétractation",
        ),
        complaint="Retours compliqués",
        praise="Retours faciles",
    ),
    "exchange": Topic(
        name="Échanges et remplacements",
        terms=(
            "échange", "échanger", "remplacement", "remplacer", "remplacé", "échangé",
        ),
        complaint="Échanges refusés ou lents",
        praise="Échanges faciles",
    ),
    "warranty": Topic(
        name="Garantie",
        terms=(
            "garantie", "garanti", "garantir", "sous garantie", "extension de garantie",
            "hors garantie", "prise sous garantie",
        ),
        complaint="Garantie non respectée",
        praise="Garantie respectée",
    ),
    "after_sales": Topic(
        name="Service après-vente",
        terms=(
            "sav", "service après-vente", "après-vente", "service après vente",
            "support technique", "assistance technique", "service technique", "hotline technique",
        ),
        complaint="Service après-vente inefficace",
        praise="Service après-vente efficace",
    ),
    "repairs": Topic(
        name="Réparations",
        terms=(
            "réparation", "réparer", "réparé", "réparateur", "pièce détachée", "pièces détachées",
            "technicien", "dépannage", "dépanneur", "intervention", "intervention du technicien",
        ),
        complaint="Réparations lentes ou ratées",
        praise="Réparations rapides et efficaces",
    ),
    "installation": Topic(
        name="Installation",
        terms=(
            "installation", "installer", "installé", "installateur", "mise en service",
            "mise en place", "activation", "activer", "activé", "raccordement", "raccorder",
            "branchement",
        ),
        complaint="Problèmes d'installation",
        praise="Installation sans souci",
    ),
    # --- Premises and comfort ---
    "cleanliness": Topic(
        name="Propreté",
        terms=(
            "propre", "propreté", "sale", "saleté", "crasseux", "crasse", "hygiène", "hygiénique",
            "insalubre", "nickel", "tache", "taché", "poussière", "poussiéreux", "rangé",
            "désordre", "nettoyage", "nettoyer", "nettoyé", "collant",
        ),
        complaint="Manque de propreté",
        praise="Très propre",
    ),
    "pests": Topic(
        name="Nuisibles",
        terms=(
            "nuisible", "nuisibles", "punaise de lit", "punaises de lit", "cafard", "cafards",
            "blatte", "insecte", "insectes", "rat", "rats", "rongeur", "fourmi", "mouche",
            "vermine",
        ),
        complaint="Nuisibles et insectes",
        praise="Aucun nuisible",
    ),
    "smell": Topic(
        name="Odeur",
        terms=(
            "odeur", "odeurs", "puer", "puant", "puanteur", "humidité", "humide", "renfermé",
            "nauséabond", "sentir le renfermé", "moisissure",
        ),
        complaint="Mauvaises odeurs",
        praise="Odeur agréable",
    ),
    "noise": Topic(
        name="Bruit",
        terms=(
            "bruit", "bruyant", "calme", "silence", "silencieux", "insonorisation", "insonorisé",
            "vacarme", "tapage", "murs fins", "nuisance sonore",
        ),
        complaint="Trop bruyant",
        praise="Calme et paisible",
    ),
    "comfort": Topic(
        name="Confort",
        terms=(
            "confort", "confortable", "inconfortable", "douillet", "cosy", "siège", "sièges",
            "fauteuil", "canapé",
        ),
        complaint="Manque de confort",
        praise="Très confortable",
    ),
    "space": Topic(
        name="Espace et affluence",
        terms=(
            "espace", "spacieux", "exigu", "étroit", "à l'étroit", "bondé", "affluence", "foule",
            "surpeuplé", "aéré", "monde fou", "trop de monde", "plein à craquer",
        ),
        complaint="Exigu et bondé",
        praise="Spacieux et aéré",
    ),
    "temperature": Topic(
        name="Température",
        terms=(
            "température", "trop chaud", "trop froid", "froid", "chaud", "chaleur", "glacial",
            "tiède", "étouffant", "fraîcheur de la pièce",
        ),
        complaint="Trop chaud ou trop froid",
        praise="Température agréable",
    ),
    "heating": Topic(
        name="Chauffage",
        terms=(
            "chauffage", "chaudière", "radiateur", "pompe à chaleur", "chauffage central",
            "chauffe-eau", "ballon d'eau chaude",
        ),
        complaint="Problèmes de chauffage",
        praise="Bon chauffage",
    ),
    "air_conditioning": Topic(
        name="Climatisation",
        terms=(
            "climatisation", "clim", "climatiseur", "climatisé", "ventilation", "aération",
            "air conditionné",
        ),
        complaint="Climatisation défaillante",
        praise="Climatisation efficace",
    ),
    "upkeep": Topic(
        name="Entretien et état",
        terms=(
            "rénovation", "rénové", "vétuste", "vétusté", "défraîchi", "délabré", "vieillot",
            "entretien", "à rafraîchir", "dégradé", "bien entretenu", "mal entretenu",
            "entretenir",
            "en travaux", "travaux de rénovation",
        ),
        complaint="Mal entretenu",
        praise="Bien entretenu",
    ),
    "decor": Topic(
        name="Décoration",
        terms=(
            "décoration", "déco", "décor", "décoré", "intérieur", "aménagement intérieur",
            "mobilier", "meuble", "meubles", "ameublement",
        ),
        complaint="Décoration vieillotte",
        praise="Belle décoration",
    ),
    "location": Topic(
        name="Emplacement",
        terms=(
            "emplacement", "situé", "localisation", "quartier", "central", "centre-ville",
            "proximité", "proche de", "à proximité", "bien situé", "mal situé", "environs",
            "alentours",
        ),
        complaint="Emplacement peu pratique",
        praise="Emplacement idéal",
    ),
    "accessibility": Topic(
        name="Accessibilité",
        terms=(
            "accessibilité", "accessible", "fauteuil roulant", "handicapé", "handicap", "pmr",
            "mobilité réduite", "ascenseur", "escalier", "escaliers", "rampe",
        ),
        complaint="Accessibilité insuffisante",
        praise="Facilement accessible",
    ),
    "parking": Topic(
        name="Stationnement",
        terms=(
            "parking", "stationnement", "se garer", "garer", "place de parking",
            "place de stationnement", "voiturier", "stationner",
        ),
        complaint="Difficile de se garer",
        praise="Stationnement facile",
    ),
    "opening_hours": Topic(
        name="Horaires d'ouverture",
        terms=(
            "horaire", "horaires", "horaires d'ouverture", "heures d'ouverture", "ouverture",
            "fermeture", "fermé", "ouvert le dimanche", "fermé le lundi", "ouvert tard",
            "amplitude horaire",
        ),
        complaint="Horaires d'ouverture restreints",
        praise="Horaires d'ouverture pratiques",
    ),
    "children": Topic(
        name="Enfants",
        terms=(
            "enfant", "enfants", "familial", "menu enfant", "chaise haute", "bébé", "poussette",
            "adapté aux enfants", "tout-petit",
        ),
        complaint="Peu adapté aux enfants",
        praise="Idéal pour les enfants",
    ),
    "pets": Topic(
        name="Animaux",
        terms=(
            "chien", "chiens", "animal", "animaux", "animal de compagnie", "animaux acceptés",
            "animaux de compagnie",
        ),
        complaint="Animaux non acceptés",
        praise="Animaux bienvenus",
    ),
    "activities": Topic(
        name="Activités et animations",
        terms=(
            "activité", "activités", "animation", "animations", "divertissement", "excursion",
            "excursions", "club enfants", "spectacle", "spectacles", "événement", "événements",
            "soirée animée",
        ),
        complaint="Peu d'activités",
        praise="Nombreuses activités",
    ),
    # --- Telecom and internet ---
    "network_coverage": Topic(
        name="Couverture réseau",
        terms=(
            "réseau", "couverture réseau", "couverture mobile", "signal", "pas de réseau",
            "réseau mobile", "zone blanche", "capter", "captation", "qualité du réseau",
            "barre de réseau",
        ),
        complaint="Mauvaise couverture réseau",
        praise="Bonne couverture réseau",
    ),
    "internet_connection": Topic(
        name="Connexion internet",
        terms=(
            "internet", "connexion internet", "connexion", "fibre", "fibre optique", "adsl",
            "vdsl", "déconnexion", "déconnecté", "coupure internet", "connexion instable",
            "haut débit",
        ),
        complaint="Internet lent ou instable",
        praise="Internet rapide et stable",
    ),
    "internet_speed": Topic(
        name="Débit internet",
        terms=(
            "débit", "débit internet", "bande passante", "vitesse de connexion",
            "vitesse internet", "test de débit", "latence", "ping", "mbps", "très haut débit",
        ),
        complaint="Débit internet trop faible",
        praise="Très bon débit internet",
    ),
    "wifi": Topic(
        name="Wi-Fi",
        terms=(
            "wifi", "wi-fi", "wi fi", "sans fil", "borne wifi", "réseau wifi", "signal wifi",
            "wifi gratuit",
        ),
        complaint="Wi-Fi de mauvaise qualité",
        praise="Bon Wi-Fi",
    ),
    "equipment": Topic(
        name="Box et équipement",
        terms=(
            "box", "box internet", "routeur", "modem", "décodeur", "boîtier", "équipement fourni",
            "matériel fourni",
        ),
        complaint="Box ou routeur défaillant",
        praise="Équipement fiable",
    ),
    "mobile_plan": Topic(
        name="Forfait mobile",
        terms=(
            "forfait mobile", "forfait téléphone", "forfait téléphonique", "carte sim", "sim",
            "esim", "données mobiles", "enveloppe data", "data mobile", "forfait data",
            "forfait illimité", "prépayé", "carte prépayée",
        ),
        # ses termes nomment aussi la carte SIM et les données : le côté dit le forfait, pas son prix
        complaint="Problèmes de forfait mobile",
        praise="Bon forfait mobile",
    ),
    "roaming": Topic(
        name="Itinérance",
        terms=(
            "itinérance", "roaming", "hors forfait", "appels internationaux", "à l'étranger",
            "frais d'itinérance",
        ),
        complaint="Problèmes d'itinérance",
        praise="Itinérance incluse",
    ),
    "phone": Topic(
        name="Téléphone",
        terms=(
            "téléphone", "smartphone", "portable", "mobile", "téléphone portable",
            "téléphone mobile", "combiné",
        ),
        complaint="Téléphones défectueux",
        praise="Excellent téléphone",
    ),
    "tv_service": Topic(
        name="Service TV",
        terms=(
            "télé", "télévision", "tv", "chaîne", "chaînes", "bouquet", "replay", "vod",
            "streaming", "vidéo à la demande", "bouquet tv",
        ),
        complaint="Mauvais service TV",
        praise="Bon service TV",
    ),
    "provider_switch": Topic(
        name="Changement d'opérateur",
        terms=(
            "changer d'opérateur", "changement d'opérateur", "portabilité",
            "portabilité du numéro", "code rio", "rio", "nouvel opérateur",
            "changer de fournisseur", "changement de fournisseur",
        ),
        complaint="Changement d'opérateur difficile",
        praise="Changement d'opérateur facile",
    ),
    # --- Banking ---
    "bank_account": Topic(
        name="Compte bancaire",
        terms=(
            "compte bancaire", "compte courant", "compte joint", "compte épargne",
            "ouverture de compte", "ouvrir un compte", "compte professionnel", "compte pro",
            "compte en banque",
        ),
        complaint="Problèmes de compte bancaire",
        praise="Ouverture de compte facile",
    ),
    "bank_card": Topic(
        name="Carte bancaire",
        terms=(
            "carte bancaire", "carte bleue", "cb", "carte de crédit", "carte de débit",
            "sans contact", "code pin", "code secret", "carte bloquée", "carte refusée",
            "carte de paiement", "nouvelle carte",
        ),
        complaint="Problèmes de carte bancaire",
        praise="Carte bancaire pratique",
    ),
    "transfers": Topic(
        name="Virements",
        terms=(
            "virement", "virement bancaire", "virement international", "virement instantané",
            "transfert", "transfert d'argent", "virements",
        ),
        complaint="Virements lents",
        praise="Virements instantanés",
    ),
    "loans": Topic(
        name="Prêts et crédits",
        terms=(
            "crédit", "emprunt", "emprunter", "prêt immobilier", "crédit immobilier",
            "demande de prêt", "crédit conso", "crédit à la consommation", "prêt personnel",
            "mon prêt", "le prêt", "de prêt", "ce prêt", "votre prêt", "notre prêt", "son prêt",
        ),
        complaint="Problèmes de prêt",
        praise="Prêt accordé rapidement",
    ),
    "interest_rates": Topic(
        name="Taux d'intérêt",
        terms=(
            "taux", "taux d'intérêt", "intérêt", "intérêts", "rendement", "taux du livret",
            "taux de rémunération",
        ),
        complaint="Taux peu attractifs",
        praise="Taux attractifs",
    ),
    "bank_fees": Topic(
        name="Frais bancaires",
        terms=(
            "frais bancaires", "frais de tenue de compte", "agios", "cotisation carte",
            "commission d'intervention", "frais de carte", "frais de transaction",
            "frais à l'étranger", "découvert bancaire", "frais de découvert",
        ),
        complaint="Frais bancaires élevés",
        praise="Frais bancaires réduits",
    ),
    "online_banking": Topic(
        name="Banque en ligne",
        terms=(
            "banque en ligne", "appli bancaire", "application bancaire", "banque à distance",
            "néobanque", "banque mobile", "application de la banque",
        ),
        complaint="Banque en ligne limitée",
        praise="Excellente banque en ligne",
    ),
    "bank_advisor": Topic(
        name="Conseiller bancaire",
        terms=(
            "conseiller bancaire", "chargé de clientèle", "conseiller financier",
            "gestionnaire de compte", "banquier", "changement de conseiller",
            "conseiller clientèle",
        ),
        complaint="Conseiller bancaire indisponible",
        praise="Conseiller bancaire attentif",
    ),
    "savings": Topic(
        name="Épargne et placements",
        terms=(
            "épargne", "placement", "placements", "investissement", "investir", "portefeuille",
            "fonds", "bourse", "plan d'épargne", "retraite", "épargne retraite",
            "gestion de patrimoine", "livret",
        ),
        complaint="Rendements décevants",
        praise="Bons rendements",
    ),
    "atm_cash": Topic(
        name="Distributeurs et espèces",
        terms=(
            "distributeur", "distributeur automatique", "dab", "gab", "retrait",
            "retrait d'espèces", "espèces", "dépôt d'espèces", "guichet automatique",
        ),
        complaint="Problèmes de distributeurs et d'espèces",
        praise="Distributeurs pratiques",
    ),
    # --- Insurance ---
    "insurance": Topic(
        name="Assurance",
        terms=(
            "assurance", "assureur", "contrat d'assurance", "police d'assurance", "cotisation",
            "cotisations", "prime", "mutuelle", "assurance auto", "assurance habitation",
            "assurance santé", "complémentaire santé", "compagnie d'assurance",
        ),
        complaint="Assurance décevante",
        praise="Cotisations raisonnables",
    ),
    "claims": Topic(
        name="Sinistres",
        terms=(
            "sinistre", "déclaration de sinistre", "gestion des sinistres", "indemnisation",
            "indemniser", "dossier sinistre", "expert de l'assurance", "constat", "dégât des eaux",
            "dégâts", "déclarer un sinistre",
        ),
        complaint="Sinistres traités lentement",
        praise="Sinistres réglés rapidement",
    ),
    "coverage": Topic(
        name="Couverture d'assurance",
        terms=(
            "couverture d'assurance", "couverture", "pas couvert", "non couvert", "exclusion",
            "exclusions", "franchise", "niveau de couverture", "plafond de remboursement",
            "prise en charge", "garanties du contrat",
        ),
        complaint="Couverture insuffisante",
        praise="Couverture complète",
    ),
    "roadside_assistance": Topic(
        name="Assistance dépannage",
        terms=(
            "assistance routière", "remorquage", "remorquer", "assistance dépannage",
            "assistance panne",
        ),
        complaint="Dépannage trop lent",
        praise="Dépannage rapide",
    ),
    # --- Energy and utilities ---
    "energy": Topic(
        name="Fourniture d'énergie",
        terms=(
            "électricité", "gaz", "énergie", "fourniture", "fournisseur d'énergie", "fournisseur",
            "facture d'énergie", "facture d'électricité", "facture de gaz", "courant électrique",
        ),
        complaint="Problèmes de fourniture d'énergie",
        praise="Fourniture d'énergie fiable",
    ),
    "meter": Topic(
        name="Relevés de compteur",
        terms=(
            "compteur", "relevé de compteur", "compteur communicant", "compteur intelligent",
            "index", "consommation estimée", "facture estimée",
        ),
        complaint="Relevés de compteur erronés",
        praise="Relevés de compteur exacts",
    ),
    "consumption": Topic(
        name="Consommation",
        terms=(
            "consommation", "consommer", "kwh", "consommation d'énergie",
            "consommation de carburant", "suivi de consommation",
        ),
        complaint="Consommation anormalement élevée",
        praise="Suivi de consommation clair",
    ),
    # --- Transport and travel ---
    "journey": Topic(
        name="Trajet",
        terms=(
            "trajet", "voyage", "parcours", "itinéraire", "correspondance", "déplacement",
            "escale", "correspondance manquée", "trajet quotidien",
        ),
        complaint="Trajets pénibles",
        praise="Trajet agréable",
    ),
    "train": Topic(
        name="Trains",
        terms=(
            "train", "trains", "ferroviaire", "rail", "wagon", "voiture du train", "quai", "rame",
            "train à grande vitesse", "gare", "trajet en train",
        ),
        complaint="Trains peu fiables",
        praise="Trajets en train agréables",
    ),
    "public_transport": Topic(
        name="Transports en commun",
        terms=(
            "transports en commun", "transport en commun", "bus", "tram", "tramway", "métro",
            "navette", "autocar", "arrêt de bus", "station", "desserte", "bien desservi",
        ),
        complaint="Transports en commun peu fiables",
        praise="Bien desservi en transports",
    ),
    "timetable": Topic(
        name="Horaires de transport",
        terms=(
            "horaires des trains", "grille horaire", "fréquence", "heure de départ",
            "heure d'arrivée", "départ", "départs", "cadencement", "fréquence des trains",
            "horaires de bus",
        ),
        complaint="Horaires peu pratiques",
        praise="Départs fréquents",
    ),
    "tickets": Topic(
        name="Billets",
        terms=(
            "billet", "billets", "billetterie", "titre de transport", "e-billet",
            "carte d'embarquement", "guichet", "borne", "tarif du billet",
            "abonnement de transport", "pass",
        ),
        complaint="Problèmes d'achat de billets",
        praise="Achat de billets facile",
    ),
    "booking": Topic(
        name="Réservation",
        terms=(
            "réservation", "réservations", "réserver", "réservé", "réservation en ligne",
            "confirmation de réservation", "booking", "système de réservation",
        ),
        complaint="Problèmes de réservation",
        praise="Réservation facile",
    ),
    "flight": Topic(
        name="Vols",
        terms=(
            "vol", "vols", "avion", "compagnie aérienne", "aérien", "cabine", "à bord", "aéronef",
            "voler avec",
        ),
        complaint="Expérience de vol décevante",
        praise="Vol agréable",
    ),
    "baggage": Topic(
        name="Bagages",
        terms=(
            "bagage", "bagages", "valise", "valises", "bagage à main", "bagage en soute", "soute",
            "bagage perdu", "franchise bagage", "tapis à bagages", "frais de bagage",
        ),
        complaint="Bagages perdus ou retardés",
        praise="Bagages bien gérés",
    ),
    "boarding": Topic(
        name="Embarquement",
        terms=(
            "embarquement", "porte d'embarquement", "embarquer", "embarquement prioritaire",
        ),
        complaint="Embarquement chaotique",
        praise="Embarquement fluide",
    ),
    "airport": Topic(
        name="Aéroport",
        terms=(
            "aéroport", "terminal", "contrôle de sécurité", "contrôle des passeports",
            "personnel de l'aéroport", "salon de l'aéroport", "salon d'attente",
        ),
        complaint="Longues files à l'aéroport",
        praise="Aéroport fluide",
    ),
    "inflight_service": Topic(
        name="Service à bord",
        terms=(
            "service à bord", "personnel de bord", "personnel navigant", "hôtesse de l'air",
            "steward", "équipage", "divertissement à bord", "repas à bord",
            "espace pour les jambes", "personnel de cabine",
        ),
        complaint="Service à bord décevant",
        praise="Équipage attentionné",
    ),
    "vehicle": Topic(
        name="Véhicule",
        terms=(
            "voiture", "véhicule", "automobile", "auto", "utilitaire", "camionnette", "moto",
        ),
        complaint="Véhicule défaillant",
        praise="Excellent véhicule",
    ),
    "driving": Topic(
        name="Conduite",
        terms=(
            "conduite", "conduire", "moteur", "boîte de vitesses", "tenue de route",
            "accélération", "carburant", "essence", "diesel", "reprises du moteur", "motorisation",
        ),
        complaint="Conduite décevante",
        praise="Agréable à conduire",
    ),
    "dealership": Topic(
        name="Concession",
        terms=(
            "concessionnaire", "concession", "concession automobile", "distributeur automobile",
            "vendeur automobile",
        ),
        complaint="Concession décevante",
        praise="Concession serviable",
    ),
    "car_servicing": Topic(
        name="Entretien automobile",
        terms=(
            "révision", "vidange", "contrôle technique", "pneu", "pneus", "frein", "freins",
            "mécanicien", "garagiste", "garage", "atelier", "carrosserie", "carrossier",
            "entretien du véhicule",
        ),
        complaint="Entretien automobile décevant",
        praise="Entretien automobile de qualité",
    ),
    "rental": Topic(
        name="Location",
        terms=(
            "location", "louer", "loué", "location de voiture", "voiture de location", "loueur",
            "agence de location", "véhicule de location", "restitution du véhicule",
        ),
        complaint="Problèmes de location",
        praise="Location sans souci",
    ),
    "financing": Topic(
        name="Financement et leasing",
        terms=(
            "financement", "leasing", "loa", "lld", "location longue durée",
            "location avec option d'achat", "offre de financement", "contrat de leasing",
        ),
        complaint="Financement coûteux",
        praise="Financement avantageux",
    ),
    "trade_in": Topic(
        name="Reprise",
        terms=(
            "reprise du véhicule", "reprise de ma voiture", "valeur de reprise",
            "offre de reprise", "rachat du véhicule", "reprise de l'ancien véhicule",
        ),
        complaint="Reprise sous-évaluée",
        praise="Reprise à bon prix",
    ),
    "test_drive": Topic(
        name="Essai du véhicule",
        terms=(
            "essai du véhicule", "essai routier", "essai sur route", "essayer la voiture",
            "essai de la voiture",
        ),
        complaint="Problèmes d'essai du véhicule",
        praise="Essai du véhicule réussi",
    ),
    # --- Hotels and accommodation ---
    "stay": Topic(
        name="Séjour",
        terms=(
            "séjour", "séjourner", "hôtel", "hébergement", "logement", "auberge", "gîte",
            "chambre d'hôte", "chambres d'hôtes", "résidence", "vacances",
        ),
        complaint="Séjour décevant",
        praise="Séjour agréable",
    ),
    "room": Topic(
        name="Chambre",
        terms=(
            "chambre", "chambres", "chambre d'hôtel", "chambre double", "chambre simple",
            "taille de la chambre",
        ),
        complaint="Chambres décevantes",
        praise="Belles chambres",
    ),
    "bed": Topic(
        name="Literie",
        terms=(
            "lit", "lits", "literie", "matelas", "oreiller", "oreillers", "drap", "draps",
            "linge de lit", "couette", "plaid",
        ),
        complaint="Lits inconfortables",
        praise="Lits confortables",
    ),
    "bathroom": Topic(
        name="Salle de bain",
        terms=(
            "salle de bain", "salle de bains", "salles de bain", "douche", "baignoire",
            "toilettes", "wc", "lavabo", "serviette de bain", "eau chaude", "pression de l'eau",
            "articles de toilette", "sanitaires",
        ),
        complaint="Salles de bain décevantes",
        praise="Salles de bain agréables",
    ),
    "front_desk": Topic(
        name="Réception",
        terms=(
            "réception", "réceptionniste", "réceptionnistes", "concierge", "conciergerie",
            "comptoir d'accueil", "bureau d'accueil",
        ),
        complaint="Réception peu serviable",
        praise="Personnel de réception serviable",
    ),
    "check_in": Topic(
        name="Arrivée et départ",
        terms=(
            "enregistrement", "check-in", "check-out", "heure d'arrivée à l'hôtel",
            "départ tardif", "arrivée anticipée", "clé de la chambre", "carte magnétique",
            "formalités d'arrivée",
        ),
        complaint="Problèmes à l'arrivée ou au départ",
        praise="Enregistrement rapide",
    ),
    "housekeeping": Topic(
        name="Ménage des chambres",
        terms=(
            "ménage", "femme de chambre", "service de ménage", "gouvernante",
            "personnel d'entretien", "changement des serviettes", "nettoyage des chambres",
            "personnel de ménage",
        ),
        complaint="Ménage mal fait",
        praise="Ménage impeccable",
    ),
    "room_service": Topic(
        name="Service en chambre",
        terms=(
            "room service", "service en chambre", "service d'étage",
        ),
        complaint="Service en chambre médiocre",
        praise="Excellent service en chambre",
    ),
    "amenities": Topic(
        name="Équipements",
        terms=(
            "équipement", "équipements", "salle de sport", "salle de fitness", "minibar",
            "bouilloire", "coffre-fort", "balcon", "sèche-cheveux", "machine à café", "commodités",
        ),
        complaint="Équipements limités ou en panne",
        praise="Excellents équipements",
    ),
    "pool_spa": Topic(
        name="Piscine et spa",
        terms=(
            "piscine", "spa", "sauna", "jacuzzi", "bain à remous", "hammam", "bien-être",
            "espace bien-être",
        ),
        complaint="Piscine ou spa décevant",
        praise="Belle piscine et spa",
    ),
    "view": Topic(
        name="Vue",
        terms=(
            "vue", "vue sur mer", "panorama", "panoramique", "paysage", "donne sur", "vue dégagée",
            "vue sur la montagne",
        ),
        complaint="Vue décevante",
        praise="Belle vue",
    ),
    "beach": Topic(
        name="Plage",
        terms=(
            "plage", "plages", "bord de mer", "mer", "océan", "sable", "front de mer",
        ),
        complaint="Plage décevante",
        praise="Belle plage",
    ),
    # --- Restaurants, food and drink ---
    "food": Topic(
        name="Cuisine",
        terms=(
            "cuisine", "nourriture", "bouffe", "gastronomie", "gastronomique", "culinaire", "chef",
            "cuisinier", "cuisinière", "cuisiner", "recette", "recettes", "mets", "aliment",
            "alimentaire",
        ),
        complaint="Cuisine décevante",
        praise="Cuisine délicieuse",
    ),
    "dishes": Topic(
        name="Plats",
        terms=(
            "plat", "plats", "assiette", "assiettes", "plat principal", "entrée", "entrées",
            "plat du jour", "garniture", "spécialité", "spécialités", "suggestion du jour",
            # un plat, ni chaleur ni animal : le terme le plus long l'emporte (« hot dogs » : le
            # lemmatiseur français laisse le pluriel anglais)
            "hot dog", "hot dogs",
        ),
        complaint="Plats décevants",
        praise="Excellents plats",
    ),
    "meals": Topic(
        name="Repas",
        terms=(
            "repas", "déjeuner", "dîner", "diner", "souper", "buffet", "midi et soir",
        ),
        complaint="Repas décevants",
        praise="Excellents repas",
    ),
    "breakfast": Topic(
        name="Petit-déjeuner",
        terms=(
            "petit-déjeuner", "petit déjeuner", "petit-déj", "petit déj", "brunch",
            "buffet du petit-déjeuner", "petits-déjeuners",
        ),
        complaint="Petit-déjeuner décevant",
        praise="Excellent petit-déjeuner",
    ),
    "taste": Topic(
        name="Goût et saveurs",
        terms=(
            "goût", "saveur", "saveurs", "savoureux", "goûteux", "fade", "insipide",
            "assaisonnement", "assaisonné", "trop salé", "épicé", "amer", "délicieux", "succulent",
            "délicieuse", "sans goût",
        ),
        complaint="Fade ou mal assaisonné",
        praise="Plein de saveurs",
    ),
    "cooking": Topic(
        name="Cuisson",
        terms=(
            "cuisson", "cuit", "trop cuit", "pas assez cuit", "brûlé", "saignant", "à point",
            "bien cuit", "détrempé", "graisseux", "huileux", "caoutchouteux", "tendre",
            "croustillant", "croquant", "viande sèche",
        ),
        complaint="Mal cuit",
        praise="Cuisson parfaite",
    ),
    "portions": Topic(
        name="Portions",
        terms=(
            "portion", "portions", "taille des portions", "quantité", "quantités", "copieux",
            "copieuse", "généreux", "généreuse", "petite portion", "grosse portion", "rassasiant",
            "chiche",
        ),
        complaint="Portions trop petites",
        praise="Portions généreuses",
    ),
    "menu": Topic(
        name="Carte et menus",
        terms=(
            "carte", "menu", "menus", "menu du jour", "formule", "formules", "menu dégustation",
            "ardoise", "à la carte", "formule midi",
        ),
        complaint="Carte trop limitée",
        praise="Carte variée",
    ),
    "drinks": Topic(
        name="Boissons",
        terms=(
            "boisson", "boissons", "cocktail", "cocktails", "bière", "bières", "jus", "soda",
            "café", "thé", "bar", "barman", "barmaid", "apéritif", "apéro", "limonade", "sirop",
            "boisson fraîche",
        ),
        complaint="Boissons décevantes",
        praise="Excellentes boissons",
    ),
    "wine": Topic(
        name="Vin",
        terms=(
            "vin", "vins", "carte des vins", "sommelier", "vin rouge", "vin blanc", "rosé",
            "champagne", "verre de vin", "bouteille de vin", "cave", "accord mets-vins", "cépage",
        ),
        complaint="Carte des vins décevante",
        praise="Excellente carte des vins",
    ),
    "desserts": Topic(
        name="Desserts",
        terms=(
            "dessert", "desserts", "gâteau", "gâteaux", "pâtisserie", "pâtisseries", "glace",
            "tarte", "sorbet", "entremets", "douceur sucrée",
        ),
        complaint="Desserts décevants",
        praise="Délicieux desserts",
    ),
    "meat": Topic(
        name="Viande",
        terms=(
            "viande", "bœuf", "boeuf", "porc", "poulet", "agneau", "veau", "steak", "canard",
            "volaille", "saucisse",
        ),
        complaint="Viande décevante",
        praise="Excellente viande",
    ),
    "fish_seafood": Topic(
        name="Poissons et fruits de mer",
        terms=(
            "poisson", "fruits de mer", "fruit de mer", "saumon", "thon", "crevette", "crevettes",
            "huître", "huîtres", "moules", "crustacé", "coquillage", "cabillaud",
        ),
        complaint="Poissons et fruits de mer décevants",
        praise="Excellents poissons et fruits de mer",
    ),
    "vegetables": Topic(
        name="Légumes et salades",
        terms=(
            "légume", "légumes", "salade", "salades", "crudités", "verdure", "salade composée",
        ),
        complaint="Légumes et salades décevants",
        praise="Légumes et salades frais",
    ),
    "bread": Topic(
        name="Pain",
        terms=(
            "pain", "baguette", "viennoiserie", "viennoiseries", "croissants", "petit pain",
            "bagel", "bagels", "brioche",
        ),
        complaint="Pain décevant",
        praise="Excellent pain",
    ),
    "ingredients": Topic(
        name="Ingrédients",
        terms=(
            "ingrédient", "ingrédients", "fait maison", "bio", "biologique", "produits locaux",
            "produit local", "de saison", "circuit court", "produits du terroir", "terroir",
        ),
        complaint="Ingrédients de mauvaise qualité",
        praise="Ingrédients de qualité",
    ),
    "dietary": Topic(
        name="Régimes alimentaires",
        terms=(
            "végétarien", "végétarienne", "végétalien", "vegan", "végan", "sans gluten", "gluten",
            "allergie", "allergies", "allergène", "allergique", "régime", "intolérance", "lactose",
            "halal", "casher", "kasher",
        ),
        complaint="Régimes alimentaires ignorés",
        praise="Régimes bien pris en compte",
    ),
    "food_safety": Topic(
        name="Sécurité alimentaire",
        terms=(
            "intoxication alimentaire", "intoxication", "malade après", "mal au ventre",
            "cheveu dans l'assiette", "cheveu dans le plat", "sécurité alimentaire",
            "hygiène alimentaire",
        ),
        complaint="Problèmes d'hygiène alimentaire",
        praise="Hygiène alimentaire irréprochable",
    ),
    "table_service": Topic(
        name="Service en salle",
        terms=(
            "serveur", "serveuse", "serveurs", "service en salle", "personnel de salle",
            "maître d'hôtel", "chef de rang", "service à table", "hôte", "hôtesse",
            "équipe de salle",
        ),
        complaint="Service en salle médiocre",
        praise="Serveurs attentionnés",
    ),
    "service": Topic(
        name="Service",
        terms=(
            "service", "servir", "servi", "qualité de service", "qualité du service",
            "niveau de service", "prestation", "prestations",
        ),
        complaint="Mauvais service",
        praise="Excellent service",
    ),
    "ambience": Topic(
        name="Ambiance",
        terms=(
            "ambiance", "atmosphère", "cadre", "convivial", "convivialité", "éclairage",
            "lumière tamisée", "romantique", "animé", "charme", "charmant",
        ),
        complaint="Ambiance désagréable",
        praise="Ambiance agréable",
    ),
    "music": Topic(
        name="Musique",
        terms=(
            "musique", "playlist", "musique de fond", "musique live", "dj", "groupe de musique",
            "chanteur", "concert",
        ),
        complaint="Musique désagréable",
        praise="Bonne musique",
    ),
    "tables": Topic(
        name="Tables",
        terms=(
            "table", "tables", "banquette", "tables trop serrées", "tables serrées", "salle",
            "plan de table", "salle à manger",
        ),
        # ses termes nomment toute table ou place : le côté le dit, sans une cause (la place)
        complaint="Problèmes de tables et de places",
        praise="Tables et places agréables",
    ),
    "terrace": Topic(
        name="Terrasse",
        terms=(
            "terrasse", "patio", "jardin", "en extérieur", "rooftop", "cour intérieure",
            "en terrasse",
        ),
        complaint="Terrasse désagréable",
        praise="Belle terrasse",
    ),
    "takeaway": Topic(
        name="Vente à emporter",
        terms=(
            "à emporter", "vente à emporter", "plat à emporter", "emporter", "livraison de repas",
            "repas livré",
        ),
        complaint="Vente à emporter décevante",
        praise="Excellente vente à emporter",
    ),
    "tips": Topic(
        name="Pourboire",
        terms=(
            "pourboire", "pourboires", "service compris", "service non compris",
        ),
        complaint="Pourboire imposé",
        praise="Service compris, sans pression",
    ),
    # --- Electronics and computers ---
    "computer": Topic(
        name="Ordinateur",
        terms=(
            "ordinateur", "ordinateurs", "ordi", "pc", "ordinateur portable", "tablette",
            "appareil", "appareils", "machine", "pc portable", "ultrabook", "netbook", "chromebook",
            "chromebooks", "macbook", "macbooks",
        ),
        complaint="Ordinateur décevant",
        praise="Excellent ordinateur",
    ),
    "performance": Topic(
        name="Performances",
        terms=(
            "performance", "performances", "performant", "puissance", "puissant", "processeur",
            "cpu", "ram", "mémoire vive", "mémoire", "multitâche", "manque de puissance",
        ),
        complaint="Performances médiocres",
        praise="Rapide et puissant",
    ),
    "battery": Topic(
        name="Batterie",
        terms=(
            "batterie", "batteries", "autonomie", "pile", "piles", "durée de batterie",
            "tenue de batterie", "autonomie de la batterie", "durée de vie de la batterie",
        ),
        complaint="Faible autonomie de la batterie",
        praise="Grande autonomie de la batterie",
    ),
    "charging": Topic(
        name="Recharge",
        terms=(
            "chargeur", "recharge", "recharger", "câble de charge", "câble", "port de charge",
            "charge rapide", "adaptateur secteur", "bloc d'alimentation", "charge sans fil",
            "temps de charge",
        ),
        complaint="Problèmes de recharge",
        praise="Recharge rapide",
    ),
    "screen": Topic(
        name="Écran",
        terms=(
            "écran", "écrans", "affichage", "moniteur", "luminosité", "écran tactile", "pixel",
            "pixels", "reflet", "reflets", "dalle", "résolution d'écran", "résolution de l'écran",
            "pixel mort", "écran mat",
        ),
        complaint="Écran décevant",
        praise="Excellent écran",
    ),
    "keyboard": Topic(
        name="Clavier et pavé tactile",
        terms=(
            "clavier", "claviers", "pavé tactile", "touchpad", "trackpad",
            "souris", "rétroéclairage", "rétroéclairé", "frappe", "course des touches",
            "touche du clavier", "touches du clavier", "les touches",
        ),
        complaint="Clavier ou pavé tactile médiocre",
        praise="Clavier agréable",
    ),
    "build_quality": Topic(
        name="Qualité de fabrication",
        terms=(
            "qualité de fabrication", "finition", "finitions", "fabrication", "châssis", "coque",
            "charnière", "charnières", "aluminium", "assemblage", "bien construit",
            "mal construit", "qualité de construction",
        ),
        complaint="Mauvaise qualité de fabrication",
        praise="Excellente qualité de fabrication",
    ),
    "design": Topic(
        name="Design",
        terms=(
            "design", "esthétique", "élégant", "élégance", "stylé", "allure", "joli design",
            "beau design", "look", "conception",
        ),
        complaint="Design décevant",
        praise="Design élégant",
    ),
    "size_weight": Topic(
        name="Poids et encombrement",
        terms=(
            "poids", "lourd", "léger", "légèreté", "compact", "encombrant", "encombrement",
            "finesse", "épaisseur", "fin et léger", "peser",
        ),
        complaint="Trop lourd et encombrant",
        praise="Léger et compact",
    ),
    "sound": Topic(
        name="Son",
        terms=(
            "le son", "qualité du son", "qualité sonore", "audio", "haut-parleur", "haut-parleurs",
            "enceinte", "enceintes", "volume", "micro", "microphone", "casque", "écouteurs",
            "basses", "rendu sonore",
        ),
        complaint="Mauvaise qualité sonore",
        praise="Excellent son",
    ),
    "camera": Topic(
        name="Appareil photo",
        terms=(
            "appareil photo", "caméra", "webcam", "objectif", "capteur photo", "qualité photo",
            "qualité des photos", "photo", "photos",
        ),
        complaint="Appareil photo médiocre",
        praise="Excellent appareil photo",
    ),
    "ports": Topic(
        name="Ports et connectique",
        terms=(
            "connectique", "port usb", "ports", "usb", "hdmi", "usb-c", "bluetooth", "prise jack",
            "jack", "adaptateur", "dongle", "lecteur de carte sd",
        ),
        complaint="Connectique limitée",
        praise="Nombreux ports",
    ),
    "operating_system": Topic(
        name="Système d'exploitation",
        terms=(
            "système d'exploitation", "firmware", "pilote", "pilotes", "démarrage", "redémarrage",
            "redémarrer", "écran bleu", "logiciels préinstallés", "bloatware",
            "chrome os", "mac os",
        ),
        complaint="Problèmes de système d'exploitation",
        praise="Système d'exploitation fluide",
    ),
    "overheating": Topic(
        name="Chauffe et ventilation",
        terms=(
            "surchauffe", "chauffe", "chauffer", "ventilateur", "ventilateurs", "ventilo",
            "bruit du ventilateur", "refroidissement", "chauffe beaucoup",
        ),
        complaint="Surchauffe et bruit du ventilateur",
        praise="Reste frais et silencieux",
    ),
    "storage": Topic(
        name="Stockage",
        terms=(
            "stockage", "disque dur", "ssd", "disque", "espace disque", "espace de stockage",
            "capacité de stockage", "téraoctet",
        ),
        complaint="Stockage insuffisant",
        praise="Stockage généreux",
    ),
    "graphics_gaming": Topic(
        name="Graphismes et jeux",
        terms=(
            "carte graphique", "graphisme", "graphismes", "gpu", "jeu", "jeux", "jeux vidéo",
            "gaming", "fps", "images par seconde",
        ),
        complaint="Faible pour les jeux",
        praise="Idéal pour les jeux",
    ),
    "appliances": Topic(
        name="Électroménager",
        terms=(
            "électroménager", "lave-linge", "machine à laver", "lave-vaisselle", "frigo",
            "réfrigérateur", "four", "micro-ondes", "aspirateur", "sèche-linge", "congélateur",
        ),
        complaint="Électroménager défectueux",
        praise="Électroménager fiable",
    ),
    # --- Online courses and education ---
    "course_content": Topic(
        name="Contenu du cours",
        terms=(
            "cours", "contenu du cours", "contenu des cours", "support de cours",
            "supports de cours", "contenu pédagogique", "programme du cours", "module", "modules",
            "leçon", "leçons", "chapitre", "chapitres", "séance", "formation", "webinaire",
            "conférence", "classe",
        ),
        complaint="Contenu de cours superficiel",
        praise="Contenu de cours riche",
    ),
    "instructor": Topic(
        name="Formateur",
        terms=(
            "formateur", "formatrice", "formateurs", "enseignant", "enseignante", "professeur",
            "prof", "tuteur", "coach", "animateur", "conférencier", "mentor", "enseignement",
            "instructeur", "instructrice",
            "enseigner",
        ),
        complaint="Formateur décevant",
        praise="Excellent formateur",
    ),
    "explanations": Topic(
        name="Clarté des explications",
        terms=(
            "explication", "explications", "expliquer", "expliqué", "clair", "clairement",
            "clarté", "pas clair", "compréhensible", "limpide", "pédagogie", "pédagogique",
            "pédagogue", "facile à comprendre", "difficile à comprendre",
        ),
        complaint="Explications peu claires",
        praise="Explications claires",
    ),
    "exercises": Topic(
        name="Exercices et devoirs",
        terms=(
            "exercice", "exercices", "quiz", "quizz", "travaux pratiques", "tp",
            "exercice pratique", "mise en pratique", "projet", "projets", "étude de cas",
            "cas pratique",
            "le devoir", "un devoir", "ce devoir", "chaque devoir", "les devoirs", "des devoirs",
            "devoirs notés",
        ),
        complaint="Exercices décevants",
        praise="Exercices pratiques utiles",
    ),
    "grading": Topic(
        name="Notation et examens",
        terms=(
            "notation", "correction", "évaluation par les pairs", "correcteur", "barème", "examen",
            "examens", "examen final", "évaluation", "évaluations", "note finale",
        ),
        complaint="Notation injuste",
        praise="Notation juste",
    ),
    "certificate": Topic(
        name="Certificat",
        terms=(
            "certificat", "certificats", "certification", "certifiant", "diplôme", "diplômant",
            "attestation", "accréditation", "accrédité", "titre reconnu",
        ),
        complaint="Certificat peu reconnu",
        praise="Certificat reconnu",
    ),
    "pace": Topic(
        name="Rythme et niveau",
        terms=(
            "rythme", "difficulté", "niveau de difficulté", "débutant", "débutants",
            "niveau avancé", "prérequis", "charge de travail", "trop avancé", "trop basique",
            "niveau du cours", "trop rapide pour",
        ),
        complaint="Rythme ou niveau inadapté",
        praise="Bon rythme, bon niveau",
    ),
    "learning": Topic(
        name="Apprentissage",
        terms=(
            "apprendre", "appris", "apprentissage", "connaissances", "acquérir des compétences",
            "nouvelles compétences", "notions", "acquis",
            "développer des compétences", "développer mes compétences", "améliorer mes compétences",
            "acquérir des compétences pratiques",
        ),
        complaint="Peu appris",
        praise="Beaucoup appris",
    ),
    "videos": Topic(
        name="Vidéos",
        terms=(
            "vidéo", "vidéos", "enregistrement vidéo", "sous-titre", "sous-titres",
            "transcription", "qualité vidéo", "qualité des vidéos",
        ),
        complaint="Vidéos de mauvaise qualité",
        praise="Vidéos de qualité",
    ),
    "community": Topic(
        name="Communauté et forums",
        terms=(
            "forum", "forums", "communauté", "discussion", "discussions", "camarade", "camarades",
            "autres apprenants", "entraide", "pairs",
        ),
        complaint="Forums peu actifs",
        praise="Communauté solidaire",
    ),
    "relevance": Topic(
        name="Pertinence pratique",
        terms=(
            "concret", "concrète", "pertinent", "pertinence", "applicable", "monde réel", "à jour",
            "obsolète", "théorique", "trop théorique", "carrière", "vie professionnelle",
        ),
        complaint="Dépassé ou trop théorique",
        praise="Concret et pertinent",
    ),
    "course_length": Topic(
        name="Durée",
        terms=(
            "durée", "longueur", "durée du cours", "durée de la formation", "longueur du cours",
        ),
        complaint="Trop long ou trop court",
        praise="Bonne durée",
    ),
    # --- Clothing and fashion ---
    "size_fit": Topic(
        name="Taille et coupe",
        terms=(
            "taille", "tailles", "coupe", "trop petit", "trop grand", "trop serré", "trop large",
            "ample", "serré", "ajusté", "taille bien", "taille petit", "taille grand",
            "guide des tailles", "tableau des tailles",
        ),
        complaint="Tailles ou coupe inadaptées",
        praise="Taille juste, bonne coupe",
    ),
    "fabric": Topic(
        name="Tissu et matière",
        terms=(
            "tissu", "coton", "laine", "polyester", "lin", "soie", "cuir", "textile", "couture",
            "coutures", "fil", "bouloche", "boulocher", "transparent au porter",
        ),
        complaint="Tissu de mauvaise qualité",
        praise="Tissu de qualité",
    ),
    "colour": Topic(
        name="Couleur",
        terms=(
            "couleur", "couleurs", "teinte", "coloris", "délavé", "décoloré", "déteindre",
            "déteint", "motif", "imprimé",
        ),
        complaint="Couleurs différentes ou délavées",
        praise="Belles couleurs",
    ),
    "style": Topic(
        name="Style et mode",
        terms=(
            "style", "styles", "tendance", "mode", "collection", "collections", "tenue",
            "à la mode", "démodé",
        ),
        complaint="Styles démodés",
        praise="Collection tendance",
    ),
    "fitting_room": Topic(
        name="Cabines d'essayage",
        terms=(
            "cabine d'essayage", "cabines d'essayage", "essayage", "essayer un vêtement",
        ),
        complaint="Problèmes de cabines d'essayage",
        praise="Cabines d'essayage agréables",
    ),
    "shoes": Topic(
        name="Chaussures",
        terms=(
            "chaussure", "chaussures", "basket", "baskets", "botte", "bottes", "bottine",
            "sandale", "sandales", "talon", "talons", "semelle", "semelles",
        ),
        complaint="Chaussures inconfortables",
        praise="Chaussures confortables",
    ),
    "washing": Topic(
        name="Lavage et entretien",
        terms=(
            "lavage", "laver", "lavé", "rétrécir", "rétréci", "rétrécissement", "lessive",
            "après lavage", "repassage", "lavable en machine", "lavable",
        ),
        complaint="Abîmé au lavage",
        praise="Tient bien au lavage",
    ),
    "clothing": Topic(
        name="Vêtements",
        terms=(
            "vêtement", "vêtements", "habit", "habits", "robe", "chemise", "pantalon", "jean",
            "veste", "manteau", "pull", "t-shirt", "tee-shirt",
        ),
        complaint="Vêtements décevants",
        praise="Beaux vêtements",
    ),
    # --- Healthcare ---
    "medical_staff": Topic(
        name="Personnel soignant",
        terms=(
            "médecin", "médecins", "docteur", "généraliste", "spécialiste", "chirurgien",
            "praticien", "infirmier", "infirmière", "infirmiers", "dentiste", "soignant",
            "soignants", "personnel soignant", "personnel médical", "sage-femme", "kiné",
            "kinésithérapeute", "équipe médicale",
        ),
        complaint="Soignants peu attentifs",
        praise="Soignants attentionnés",
    ),
    "care_quality": Topic(
        name="Qualité des soins",
        terms=(
            "soin", "soins", "soins médicaux", "traitement médical", "diagnostic", "diagnostiqué",
            "erreur de diagnostic", "chirurgie", "opération chirurgicale", "thérapie",
            "consultation", "bilan de santé", "examen médical", "suivi médical",
        ),
        complaint="Soins insuffisants",
        praise="Soins de qualité",
    ),
    "hospital": Topic(
        name="Hôpital et clinique",
        terms=(
            "hôpital", "clinique", "urgences", "service des urgences", "cabinet médical",
            "centre médical", "maison de santé", "hospitalisation", "hospitalisé", "admission",
        ),
        complaint="Établissement mal organisé",
        praise="Établissement bien organisé",
    ),
    "medication": Topic(
        name="Médicaments",
        terms=(
            "médicament", "médicaments", "ordonnance", "ordonnances", "pharmacie", "pharmacien",
            "pharmacienne", "prescription", "traitement médicamenteux",
        ),
        complaint="Problèmes de médicaments",
        praise="Médicaments bien gérés",
    ),
}
# fmt: on

# Phrases that contain a term's words without naming its concept: matched first, they
# consume their tokens and signal nothing.
NON_TERMS: tuple[str, ...] = (
    # Coming back to a place is praise, not a product return.
    "y retourner",
    "de retour",
    "y revenir",
    # Idioms built on a term word.
    "rendre compte",
    "rendu compte",
    "tenir compte",
    "prendre en compte",
    "en fin de compte",
    "au cours de",
    "en cours",
    "par rapport",
    "point de vue",
    "en vue de",
    "perdre de vue",
    "à plusieurs reprises",
    "à maintes reprises",
    "en toute franchise",
    "à l'heure actuelle",
    "à temps plein",
    "à temps partiel",
    "à mon goût",
    "à notre goût",
    "au goût du jour",
    "à tout prix",
    "cher client",
    "chère cliente",
    "m'attendre",
    "s'attendre",
    "nous attendre à",
    "mes attentes",
    "nos attentes",
    "ses attentes",
    "leurs attentes",
    "vos attentes",
    "les attentes",
    "compte tenu",
    "n'importe",
    # "personnel" the adjective (personal) is not the staff
    "usage personnel",
    "utilisation personnelle",
    "compte personnel",
    "espace personnel",
    "projet personnel",
    "projets personnels",
    "ordinateur personnel",
    "données personnelles",
    "informations personnelles",
    "avis personnel",
    "goût personnel",
    "développement personnel",
    "à titre personnel",
    "besoins personnels",
    "vie personnelle",
    "épanouissement personnel",
    # "au cours de" (during) with the article joined
    "au cours des",
    "au cours du",
    "au cours d'",
    # "suivi" the participle (a course taken) is not follow-up
    "avoir suivi",
    "ai suivi",
    "jamais suivi",
    "déjà suivi",
    "suivi ce cours",
    "suivi le cours",
    "suivi les cours",
    "suivi un cours",
    "suivi des cours",
    "suivi cette formation",
    # "répondre à un besoin" (to meet a need) is not a reply
    "répondre à mes besoins",
    "répond à mes besoins",
    "répond à nos besoins",
    "répond à vos besoins",
    "répondre aux besoins",
    "répond aux besoins",
    "répondre à mes attentes",
    "répond à mes attentes",
    "répond à nos attentes",
    "répondre aux attentes",
    "répond aux attentes",
    # "dans le cadre de" (as part of) is not a setting
    "dans le cadre de",
    "dans le cadre d'",
    # a machine that is not a computer, a friendly interface, a review site
    "machine à café",
    "machine à laver",
    "apprentissage automatique",
    "apprentissage profond",
    "interface conviviale",
    "trip advisor",
    "tripadvisor",
    # "enseigne" the verb (teaches) is not a store brand
    "il enseigne",
    "elle enseigne",
    "qui enseigne",
    "enseigne bien",
    "enseigne très",
    # "à l'intérieur" (inside) is no interior design
    "à l'intérieur",
    "à l'intérieur de",
    # "son propre rythme": "propre" before a noun (own) is not clean
    "mon propre",
    "ma propre",
    "mes propres",
    "son propre",
    "sa propre",
    "ses propres",
    "notre propre",
    "nos propres",
    "votre propre",
    "vos propres",
    "leur propre",
    "leurs propres",
    # "un léger retard": slight, not light
    "un léger",
    "une légère",
    "de légers",
    "de légères",
    "léger retard",
    "léger problème",
    "léger souci",
    "légère déception",
    "léger goût",
    "légère odeur",
    # a complaint about something else, or none
    "seule plainte",
    "aucune plainte",
    "pas de plainte",
    "rien à se plaindre",
    "ne pas se plaindre",
    # "le poulet accompagné de riz" is no customer support
    "accompagné de",
    "accompagnée de",
    "accompagnés de",
    "accompagnées de",
    # "facteur de forme" (form factor) is no postman; "dès la sortie de la boîte" is no packaging
    "facteur de forme",
    "sortie de la boîte",
    "sortie de boîte",
    "dès la sortie de la boîte",
)
