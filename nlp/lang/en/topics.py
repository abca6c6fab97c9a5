"""English customer-experience concepts: neutral name, signal terms, complaint and praise labels.

Same concept ids as ``nlp/lang/fr/topics.py`` (``verbatim.nlp.concepts.check_topics`` asserts it): a
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
        name="Price",
        terms=(
            "price", "pricing", "cost", "expensive", "cheap", "pricey", "overpriced", "affordable",
            "costly", "inexpensive", "tariff", "too expensive", "reasonably priced",
            "room rate", "the rate", "nightly rate", "daily rate", "hourly rate", "good rate",
            "great rate", "best rate", "reasonable rate",
        ),
        complaint="Prices too high",
        praise="Affordable prices",
    ),
    "value_for_money": Topic(
        name="Value for money",
        terms=(
            "value for money", "value", "good value", "worth the money", "worth the price",
            "price-quality ratio", "quality-price ratio", "bang for the buck", "worth it",
        ),
        complaint="Poor value for money",
        praise="Good value for money",
    ),
    "price_increase": Topic(
        name="Price increases",
        terms=(
            "price increase", "price rise", "price hike", "rate increase", "increase", "hike",
            "price went up", "prices went up", "raise prices",
        ),
        complaint="Price increases",
        praise="Stable prices",
    ),
    "fees": Topic(
        name="Fees",
        terms=(
            "fee", "surcharge", "hidden fee", "hidden cost", "hidden charge", "service charge",
            "extra charge", "additional cost", "extra cost", "commission", "administration fee",
            "fees", "no fees", "the fees",
        ),
        complaint="Excessive or hidden fees",
        praise="Low fees",
    ),
    "discounts": Topic(
        name="Discounts and promotions",
        terms=(
            "discount", "promotion", "promo", "promo code", "discount code", "coupon", "voucher",
            "deal", "special offer", "reduction", "on sale", "sales price", "clearance",
            "markdown",
        ),
        complaint="Discount and promotion problems",
        praise="Good deals",
    ),
    "gift_cards": Topic(
        name="Gift cards",
        terms=(
            "gift card", "gift voucher", "gift certificate", "e-gift card",
        ),
        complaint="Gift card problems",
        praise="Handy gift cards",
    ),
    "free_version": Topic(
        name="Free version and trial",
        terms=(
            "free version", "free plan", "free tier", "free trial", "trial period", "freemium",
            "premium version", "pro version", "paywall", "paid version",
        ),
        complaint="Limited free version",
        praise="Generous free version",
    ),
    "competitors": Topic(
        name="Competitors",
        terms=(
            "competitor", "competition", "cheaper elsewhere", "other providers", "other companies",
            "rival",
        ),
        complaint="Competitors do better",
        praise="Better than competitors",
    ),
    "quotes": Topic(
        name="Quotes and estimates",
        terms=(
            "quote", "quotation", "estimate", "price quote", "cost estimate",
        ),
        complaint="Quote problems",
        praise="Clear, accurate quote",
    ),
    "customs_duties": Topic(
        name="Customs and import duties",
        terms=(
            "customs", "customs fee", "customs charges", "import duty", "import duties", "duty",
            "duties", "import tax", "customs clearance",
        ),
        complaint="Unexpected customs fees",
        praise="No customs surprises",
    ),
    # --- Billing and payment ---
    "billing": Topic(
        name="Billing",
        terms=(
            "bill", "billing", "invoice", "invoicing", "statement", "overcharge", "overcharged",
            "double charge", "double charged", "billing error", "wrong bill", "overbilling",
        ),
        complaint="Billing errors",
        praise="Clear billing",
    ),
    "payment": Topic(
        name="Payment",
        terms=(
            "payment", "payment method", "card payment", "pay by card", "payment options",
            "checkout payment", "payment failed", "declined",
        ),
        complaint="Payment problems",
        praise="Easy payment",
    ),
    "monthly_payments": Topic(
        name="Monthly instalments",
        terms=(
            "monthly payment", "instalment", "installment", "direct debit", "payment schedule",
            "balancing bill", "catch-up bill", "adjustment bill", "regularisation",
        ),
        complaint="Monthly payment problems",
        praise="Predictable monthly payments",
    ),
    "refund": Topic(
        name="Refunds",
        terms=(
            "refund", "refunded", "reimbursement", "reimburse", "money back", "credit note",
            "chargeback", "repayment",
        ),
        complaint="Refunds slow or refused",
        praise="Quick refunds",
    ),
    "compensation": Topic(
        name="Compensation",
        terms=(
            "compensation", "compensate", "goodwill gesture", "commercial gesture", "indemnity",
            "make amends", "credit on account",
        ),
        complaint="No compensation offered",
        praise="Fair compensation",
    ),
    # --- Contracts, subscriptions and accounts ---
    "contract": Topic(
        name="Contract",
        terms=(
            "contract", "agreement", "terms and conditions", "terms of service", "fine print",
            "small print", "commitment", "lock-in", "minimum term", "clause",
        ),
        complaint="Unclear contract terms",
        praise="Clear contract terms",
    ),
    "subscription": Topic(
        name="Subscription and plan",
        terms=(
            "subscription", "subscribe", "subscriber", "plan", "renewal", "auto-renewal",
            "automatic renewal", "membership", "package deal",
        ),
        complaint="Rigid or costly subscription",
        praise="Flexible subscription",
    ),
    "termination": Topic(
        name="Cancellation of contract",
        terms=(
            "termination", "terminate", "unsubscribe", "cancel my subscription",
            "cancel the subscription", "cancel my contract", "cancel the contract",
            "close my account", "closing my account", "account closure", "end my contract",
            "opt out",
        ),
        complaint="Hard to cancel",
        praise="Easy to cancel",
    ),
    "cancellations": Topic(
        name="Cancellations",
        terms=(
            "cancellation", "cancel", "cancelled", "canceled", "called off", "scrapped",
        ),
        complaint="Cancellation problems",
        praise="Easy cancellation",
    ),
    "account": Topic(
        name="Customer account",
        terms=(
            "account", "customer account", "my account", "user account", "profile",
            "account details", "account settings", "personal space",
        ),
        complaint="Account problems",
        praise="Easy account management",
    ),
    "account_blocked": Topic(
        name="Blocked accounts",
        terms=(
            "blocked account", "account blocked", "frozen account", "account frozen",
            "suspended account", "account suspended", "blocked", "suspension", "unblock",
        ),
        complaint="Accounts blocked",
        praise="Quick unblocking",
    ),
    "identity_checks": Topic(
        name="Identity checks",
        terms=(
            "identity verification", "id check", "id verification", "kyc", "proof of identity",
            "proof of address", "identity document", "id document", "verification",
        ),
        complaint="Burdensome identity checks",
        praise="Quick identity checks",
    ),
    "paperwork": Topic(
        name="Paperwork and procedures",
        terms=(
            "paperwork", "formality", "formalities", "procedure", "red tape", "bureaucracy",
            "form", "forms", "document", "documents", "administrative", "administration",
        ),
        complaint="Too much paperwork",
        praise="Simple formalities",
    ),
    "moving_home": Topic(
        name="Moving home",
        terms=(
            "moving house", "move house", "house move", "moving home", "change of address",
            "new address", "relocation",
        ),
        complaint="Complicated move",
        praise="Easy move",
    ),
    "personal_data": Topic(
        name="Privacy and personal data",
        terms=(
            "privacy", "personal data", "data protection", "gdpr", "personal information",
            "confidentiality", "data breach", "data sharing",
        ),
        complaint="Privacy concerns",
        praise="Privacy respected",
    ),
    "marketing_messages": Topic(
        name="Marketing messages",
        terms=(
            "spam", "newsletter", "marketing email", "promotional email", "marketing call",
            "cold call", "telemarketing", "unsolicited", "sales call", "junk mail",
        ),
        complaint="Too many marketing messages",
        praise="Useful newsletters",
    ),
    "ads": Topic(
        name="Ads",
        terms=(
            "ad", "ads", "advert", "advertisement", "advertising", "pop-up", "popup",
            "commercials", "banner ad",
        ),
        complaint="Too many ads",
        praise="No intrusive ads",
    ),
    "fraud": Topic(
        name="Fraud and scams",
        terms=(
            "fraud", "fraudulent", "scam", "scammed", "phishing", "hacked", "hacking",
            "identity theft", "stolen card", "suspicious transaction", "unauthorised transaction",
            "unauthorized transaction",
        ),
        complaint="Fraud poorly handled",
        praise="Fraud handled well",
    ),
    "security": Topic(
        name="Safety and security",
        terms=(
            "safety", "safe", "unsafe", "security", "secure", "insecure", "dangerous", "danger",
            "security guard", "theft",
        ),
        complaint="Feels unsafe",
        praise="Feels safe and secure",
    ),
    # --- Customer service and contact ---
    "customer_service": Topic(
        name="Customer service",
        terms=(
            "customer service", "customer services", "customer support", "customer care",
            "client service", "support", "support team", "helpdesk", "help desk", "service desk",
            "customer relations",
        ),
        complaint="Poor customer service",
        praise="Excellent customer service",
    ),
    "reachability": Topic(
        name="Reachability",
        terms=(
            "reach", "unreachable", "reachable", "get through", "contact", "contacted", "hotline",
            "phone line", "call centre", "call center", "call", "phone call", "by phone",
            "over the phone", "on the phone", "hard to reach", "switchboard",
        ),
        complaint="Customer service unreachable",
        praise="Easy to reach",
    ),
    "phone_wait": Topic(
        name="Phone waiting time",
        terms=(
            "on hold", "hold music", "hold time", "waiting on the phone", "wait on the phone",
            "put on hold", "kept on hold", "phone queue",
        ),
        complaint="Long phone waits",
        praise="Calls answered quickly",
    ),
    "callback": Topic(
        name="Call back",
        terms=(
            "call back", "callback", "called back", "call me back", "return call",
            "returned my call",
        ),
        complaint="No call back",
        praise="Called back quickly",
    ),
    "response": Topic(
        name="Responses to requests",
        terms=(
            "response", "reply", "answer", "respond", "responded", "answered", "no reply",
            "no response", "response time", "support ticket", "request", "enquiry", "inquiry",
        ),
        complaint="Slow or no responses",
        praise="Quick responses",
    ),
    "chatbot": Topic(
        name="Chat and chatbot",
        terms=(
            "chat", "chatbot", "bot", "live chat", "virtual assistant", "automated reply",
            "automatic answer", "robot", "instant messaging",
        ),
        complaint="Unhelpful chatbot",
        praise="Helpful live chat",
    ),
    "human_contact": Topic(
        name="Human contact",
        terms=(
            "human", "real person", "human contact", "human being", "talk to a person",
            "speak to someone", "automated", "automation", "no human",
        ),
        complaint="No human contact",
        praise="Real human contact",
    ),
    "single_contact": Topic(
        name="Single point of contact",
        terms=(
            "single point of contact", "point of contact", "dedicated contact", "same person",
            "different person each time", "dedicated advisor", "contact person", "go-between",
        ),
        complaint="New contact every time",
        praise="One dedicated contact",
    ),
    "complaint_handling": Topic(
        name="Complaint handling",
        terms=(
            "complaint", "complain", "complained", "escalate", "escalation", "dispute",
            "grievance", "ombudsman", "mediator", "formal complaint",
        ),
        complaint="Complaints poorly handled",
        praise="Disputes settled quickly",
    ),
    "problem_resolution": Topic(
        name="Fixes and solutions",
        terms=(
            "resolve", "resolved", "resolution", "solve", "solved", "solution", "sorted out",
            "fix", "fixed", "troubleshoot", "troubleshooting", "unresolved", "workaround",
        ),
        complaint="Problems left unresolved",
        praise="Quick, effective fixes",
    ),
    "follow_up": Topic(
        name="Follow-up",
        terms=(
            "follow-up", "follow up", "followup", "followed up", "keep informed", "kept informed",
            "no news", "kept in the dark", "update me",
        ),
        complaint="No follow-up",
        praise="Good follow-up",
    ),
    "communication": Topic(
        name="Communication",
        terms=(
            "communication", "communicate", "information", "informed", "email", "e-mail", "mail",
            "letter", "sms", "text message", "message", "messages", "inform",
            "info",
        ),
        complaint="Poor communication",
        praise="Clear communication",
    ),
    "notifications": Topic(
        name="Notifications",
        terms=(
            "notification", "notifications", "push notification", "alert", "alerts", "reminder",
            "reminders",
        ),
        complaint="Too many notifications",
        praise="Useful notifications",
    ),
    "transparency": Topic(
        name="Transparency and honesty",
        terms=(
            "transparency", "transparent", "honest", "honesty", "dishonest", "misleading",
            "mislead", "misled", "lie", "lied", "lying", "deceptive", "deceived", "deceit",
            "untruthful",
        ),
        complaint="Misleading information",
        praise="Honest and transparent",
    ),
    "promises": Topic(
        name="Keeping promises",
        terms=(
            "promise", "promised", "as promised", "broken promise", "false promise",
            "keep their word", "kept their word",
        ),
        complaint="Promises not kept",
        praise="Promises kept",
    ),
    "trust": Topic(
        name="Trust",
        terms=(
            "trust", "trustworthy", "untrustworthy", "confidence", "distrust", "mistrust",
            "rely on", "peace of mind",
        ),
        complaint="Loss of trust",
        praise="Trustworthy company",
    ),
    "listening": Topic(
        name="Listening and empathy",
        terms=(
            "listen", "listened", "listening", "empathy", "empathetic", "attentive",
            "attentiveness", "considerate", "dismissive", "ignored", "compassion",
        ),
        complaint="Customers not listened to",
        praise="Attentive listening",
    ),
    "personalised_service": Topic(
        name="Personalised service",
        terms=(
            "personalised", "personalized", "personal touch", "tailored", "individual attention",
            "bespoke", "impersonal", "made to measure",
        ),
        complaint="Impersonal service",
        praise="Personalised service",
    ),
    "apologies": Topic(
        name="Apologies",
        terms=(
            "apology", "apologies", "apologise", "apologize", "apologised", "apologized",
        ),
        complaint="No apology",
        praise="Sincere apologies",
    ),
    "language": Topic(
        name="Language",
        terms=(
            "language", "english", "french", "speak english", "speak french", "translation",
            "translated", "accent", "bilingual",
        ),
        complaint="Language barrier",
        praise="Available in my language",
    ),
    "appointment": Topic(
        name="Appointments",
        terms=(
            "appointment", "appointments", "booking an appointment", "time slot", "slot",
            "rescheduled", "reschedule", "availability of appointments",
        ),
        complaint="Hard to get an appointment",
        praise="Easy to book appointments",
    ),
    # --- Staff ---
    "staff": Topic(
        name="Staff",
        terms=(
            "staff", "employee", "team", "personnel", "worker", "workforce", "team member",
            "helpful staff", "unhelpful staff", "staff was helpful", "staff were helpful",
        ),
        complaint="Unhelpful staff",
        praise="Helpful staff",
    ),
    "staff_friendliness": Topic(
        name="Staff friendliness",
        terms=(
            "friendly", "friendliness", "unfriendly", "polite", "politeness", "impolite",
            "courteous", "courtesy", "discourteous", "rude", "rudeness", "kind", "kindness",
            "smile", "smiling", "arrogant", "condescending", "attitude", "nice staff",
        ),
        complaint="Rude staff",
        praise="Friendly staff",
    ),
    "welcome": Topic(
        name="Welcome",
        terms=(
            "welcome", "welcoming", "greeting", "greeted", "warm welcome", "unwelcoming",
            "made us feel welcome",
        ),
        complaint="Poor welcome",
        praise="Warm welcome",
    ),
    "competence": Topic(
        name="Staff competence",
        terms=(
            "competent", "competence", "incompetent", "incompetence", "knowledgeable",
            "knowledge of the staff", "expertise", "professional", "professionalism",
            "unprofessional", "skilled", "qualified", "expert", "know-how", "clueless",
        ),
        complaint="Incompetent staff",
        praise="Competent, professional staff",
    ),
    "staff_training": Topic(
        name="Staff training",
        terms=(
            "staff training", "poorly trained", "well trained", "untrained", "badly trained",
            "training of staff", "inexperienced", "trainee",
        ),
        complaint="Poorly trained staff",
        praise="Well-trained staff",
    ),
    "staff_availability": Topic(
        name="Staff availability",
        terms=(
            "understaffed", "short-staffed", "short staffed", "not enough staff", "lack of staff",
            "staff shortage", "staff available", "no staff around",
        ),
        complaint="Understaffed",
        praise="Staff always available",
    ),
    "advice": Topic(
        name="Advice",
        terms=(
            "advice", "advise", "advised", "advisor", "adviser", "guidance", "consultant",
            "recommendation", "advisory",
        ),
        complaint="Poor advice",
        praise="Good advice",
    ),
    "sales_staff": Topic(
        name="Sales staff",
        terms=(
            "salesperson", "sales assistant", "shop assistant", "seller", "sales rep",
            "sales representative", "salesman", "saleswoman", "sales advisor", "sales team",
            "store staff",
        ),
        complaint="Unhelpful sales staff",
        praise="Helpful sales staff",
    ),
    "sales_pressure": Topic(
        name="Sales pressure",
        terms=(
            "pushy", "hard sell", "upsell", "upselling", "sales pressure", "aggressive selling",
            "pressure to buy", "forced sale",
        ),
        complaint="Pushy sales tactics",
        praise="No sales pressure",
    ),
    "management": Topic(
        name="Management",
        terms=(
            "management", "manager", "owner", "boss", "supervisor", "head office", "headquarters",
            "director",
        ),
        complaint="Poor management",
        praise="Involved management",
    ),
    # --- Time, speed and reliability ---
    "waiting_time": Topic(
        name="Waiting time",
        terms=(
            "wait", "waiting", "waiting time", "wait time", "queue", "queuing", "queueing",
            "long line", "waiting list", "waiting room",
        ),
        complaint="Waits too long",
        praise="Short waits",
    ),
    "speed": Topic(
        name="Speed",
        terms=(
            "speed", "fast", "quick", "quickly", "rapid", "rapidly", "swift", "swiftly", "prompt",
            "promptly", "slow", "slowly", "slowness", "speedy",
        ),
        # an attribute: said of a service, a product or a delivery; its wording names none
        complaint="Too slow",
        praise="Fast",
    ),
    "responsiveness": Topic(
        name="Responsiveness",
        terms=(
            "responsive", "responsiveness", "reactive", "reactivity", "unresponsive",
            "lack of responsiveness",
        ),
        complaint="Lack of responsiveness",
        praise="Very responsive",
    ),
    "efficiency": Topic(
        name="Efficiency",
        terms=(
            "efficient", "efficiency", "inefficient", "inefficiency", "effective", "ineffective",
            "effectiveness",
        ),
        complaint="Inefficient service",
        praise="Efficient service",
    ),
    "delays": Topic(
        name="Delays",
        terms=(
            "delay", "delayed", "late", "lateness", "overdue", "behind schedule", "postpone",
            "postponed", "deadline", "deadlines",
        ),
        complaint="Repeated delays",
        praise="Deadlines met",
    ),
    "processing_time": Topic(
        name="Processing time",
        terms=(
            "processing time", "turnaround", "turnaround time", "handling time", "backlog",
            "application processing", "processing delay",
        ),
        complaint="Slow processing",
        praise="Fast processing",
    ),
    "punctuality": Topic(
        name="Punctuality",
        terms=(
            "punctual", "punctuality", "on time", "on-time", "timely", "arrived late", "ran late",
            "running late",
        ),
        complaint="Lack of punctuality",
        praise="Always on time",
    ),
    "reliability": Topic(
        name="Reliability",
        terms=(
            "reliable", "reliability", "unreliable", "dependable", "dependability",
        ),
        # an attribute: said of a service, a product or a network; its wording names none
        complaint="Unreliable",
        praise="Reliable",
    ),
    "consistency": Topic(
        name="Consistency",
        terms=(
            "consistent", "consistency", "inconsistent", "inconsistency", "variable",
            "hit or miss", "hit and miss", "uneven", "erratic", "unpredictable",
        ),
        complaint="Inconsistent quality",
        praise="Consistent quality",
    ),
    "outages": Topic(
        name="Outages and breakdowns",
        terms=(
            "outage", "breakdown", "broke down", "downtime", "interruption",
            "service interruption", "out of service", "power cut", "power outage", "malfunction",
            "disruption",
        ),
        complaint="Frequent outages",
        praise="No outages",
    ),
    "organisation": Topic(
        name="Organization",
        terms=(
            "organisation", "organization", "organised", "organized", "disorganised",
            "disorganized", "disorganisation", "chaos", "chaotic", "logistics", "coordination",
            "shambles",
        ),
        complaint="Poor organisation",
        praise="Well organised",
    ),
    "simplicity": Topic(
        name="Simplicity",
        terms=(
            "simple", "simplicity", "straightforward", "hassle-free", "hassle free", "hassle",
            "easy", "ease", "effortless", "seamless", "complicated", "complex", "complexity",
            "convoluted",
        ),
        complaint="Too complicated",
        praise="Simple and hassle-free",
    ),
    # --- Products and retail ---
    "product_quality": Topic(
        name="Product quality",
        terms=(
            "quality", "product", "products", "item", "article", "merchandise", "product quality",
            "well made", "poorly made", "badly made", "cheaply made", "shoddy", "flimsy",
            "high-end", "high end", "upscale", "low-end", "low end", "top of the range",
            "entry-level",
        ),
        complaint="Poor quality",
        praise="High quality",
    ),
    "durability": Topic(
        name="Durability",
        terms=(
            "durable", "durability", "long-lasting", "long lasting", "wear out", "worn out",
            "fell apart", "falls apart", "sturdy", "solid", "robust", "fragile", "lifespan",
            "broke after",
        ),
        complaint="Wears out quickly",
        praise="Durable and sturdy",
    ),
    "defects": Topic(
        name="Defective products",
        terms=(
            "defect", "defective", "faulty", "broken", "damaged", "fault", "flaw", "flawed",
            "dead on arrival", "doa", "not working", "stopped working", "arrived damaged",
        ),
        complaint="Defective or damaged products",
        praise="Products in perfect condition",
    ),
    "conformity": Topic(
        name="Product as described",
        terms=(
            "as described", "not as described", "as pictured", "description",
            "product description", "product information",
            "misleading photo", "different from the picture", "conform", "compliant",
            "label", "labelling",
        ),
        complaint="Not as described",
        praise="As described",
    ),
    "choice": Topic(
        name="Choice and range",
        terms=(
            "choice", "range", "selection", "variety", "assortment", "catalogue", "catalog",
            "option", "options", "diversity", "wide range", "product range",
        ),
        complaint="Limited choice",
        praise="Wide choice",
    ),
    "availability": Topic(
        name="Availability and stock",
        terms=(
            "stock", "in stock", "out of stock", "availability", "available", "unavailable",
            "sold out", "shortage", "backorder", "back order", "restock", "restocking", "supply",
            "empty shelves",
        ),
        complaint="Items out of stock",
        praise="Good availability",
    ),
    "freshness": Topic(
        name="Freshness",
        terms=(
            "fresh", "freshness", "stale", "expired", "expiry date", "expiration date",
            "best before", "use by", "rotten", "mouldy", "moldy", "out of date", "freshly",
        ),
        complaint="Products not fresh",
        praise="Fresh products",
    ),
    "packaging": Topic(
        name="Packaging",
        terms=(
            "packaging", "packing", "packed", "wrapping", "wrapped", "box", "bubble wrap",
            "cardboard", "carton", "package damaged", "repackaged",
        ),
        complaint="Poor packaging",
        praise="Careful packaging",
    ),
    "sustainability": Topic(
        name="Environmental impact",
        terms=(
            "environment", "environmental", "eco-friendly", "ecological", "sustainable",
            "sustainability", "recycling", "recyclable", "plastic", "waste", "carbon",
            "overpackaging", "renewable", "green energy",
        ),
        complaint="Not eco-friendly",
        praise="Environmentally friendly",
    ),
    "brand": Topic(
        name="Brand and reputation",
        terms=(
            "brand", "reputation", "brand image", "image", "well-known brand", "reputable",
        ),
        complaint="Damaged reputation",
        praise="Trusted brand",
    ),
    "loyalty": Topic(
        name="Customer loyalty",
        terms=(
            "loyal customer", "loyalty", "long-standing customer", "longtime customer",
            "years as a customer", "existing customer", "existing customers", "new customers",
            "faithful customer", "customer for years",
        ),
        complaint="Loyalty not rewarded",
        praise="Loyalty rewarded",
    ),
    "loyalty_program": Topic(
        name="Loyalty program",
        terms=(
            "loyalty program", "loyalty programme", "loyalty card", "loyalty points", "reward",
            "rewards", "reward points", "cashback", "member benefits", "membership card",
            "frequent flyer", "air miles",
        ),
        complaint="Unrewarding loyalty program",
        praise="Rewarding loyalty program",
    ),
    "store": Topic(
        name="Store",
        terms=(
            "store", "shop", "boutique", "outlet", "supermarket", "showroom", "in store",
            "in-store", "retail store", "hypermarket", "mall", "shopping centre",
            "shopping center",
        ),
        complaint="Poorly kept stores",
        praise="Pleasant stores",
    ),
    "store_layout": Topic(
        name="Store layout",
        terms=(
            "layout", "aisle", "aisles", "shelf", "shelves", "shelving", "signage", "store layout",
            "product placement",
        ),
        complaint="Confusing store layout",
        praise="Well-organised store",
    ),
    "checkout": Topic(
        name="Checkout",
        terms=(
            "checkout", "till", "tills", "cashier", "self-checkout", "self checkout",
            "cash register", "checkout line", "checkout queue", "checkouts",
        ),
        complaint="Checkout problems",
        praise="Quick checkout",
    ),
    "branch": Topic(
        name="Branch",
        terms=(
            "branch", "local branch", "agency", "branch office", "branch network",
            "branch closure",
        ),
        complaint="Branch problems",
        praise="Helpful local branch",
    ),
    "accessories": Topic(
        name="Accessories",
        terms=(
            "accessory", "accessories", "stylus", "protective case", "carrying case", "sleeve",
        ),
        complaint="Accessory problems",
        praise="Useful accessories included",
    ),
    # --- Digital: website, app, software ---
    "website": Topic(
        name="Website",
        terms=(
            "website", "web site", "site", "web page", "webpage", "online", "internet site",
            "online shop", "online store", "web shop", "webshop",
        ),
        complaint="Website hard to use",
        praise="Easy-to-use website",
    ),
    "mobile_app": Topic(
        name="App",  # not "Mobile app": on a laptop, "the apps" are its software
        terms=(
            "app", "application", "mobile app", "smartphone app", "phone app", "android app",
            "ios app", "mobile application",
        ),
        complaint="Disappointing app",
        praise="Handy app",
    ),
    "bugs": Topic(
        name="Bugs and crashes",
        terms=(
            "bug", "bugs", "buggy", "crash", "crashes", "crashing", "glitch", "glitches",
            "glitchy", "frozen screen", "error", "error message", "lag",
            "laggy", "data loss", "lost data", "not loading",
            "freeze up", "keep freeze", "screen freeze", "it freeze",
        ),
        complaint="Bugs and crashes",
        praise="Runs smoothly, no bugs",
    ),
    "usability": Topic(
        name="Ease of use",
        terms=(
            "easy to use", "user-friendly", "user friendly", "intuitive", "ease of use",
            "usability", "navigation", "navigate", "interface", "user interface", "ui", "ux",
            "clunky", "confusing", "cumbersome", "ergonomics", "ergonomic", "simple to use",
            "hard to use", "difficult to use",
        ),
        complaint="Hard to use",
        praise="Easy to use",
    ),
    "loading": Topic(
        name="Loading speed",
        terms=(
            "loading time", "load time", "slow to load", "page load", "takes forever to load",
            "loading screen", "loads slowly", "loads quickly", "load quickly", "load slowly",
        ),
        complaint="Slow loading",
        praise="Loads quickly",
    ),
    "features": Topic(
        name="Features",
        terms=(
            "feature", "features", "functionality", "functionalities", "function", "capability",
            "missing feature", "new feature", "tool", "tools",
        ),
        complaint="Missing features",
        praise="Useful features",
    ),
    "updates": Topic(
        name="Updates",
        terms=(
            "update", "updates", "updated", "new version", "version", "patch", "release",
            "latest version", "software update",
        ),
        complaint="Problematic updates",
        praise="Regular updates",
    ),
    "settings": Topic(
        name="Settings and customisation",
        terms=(
            "settings", "customize", "customise", "customization", "customisation", "customizable",
            "customisable", "configure", "configuration", "preferences", "dark mode",
        ),
        complaint="Limited customisation",
        praise="Highly customisable",
    ),
    "login": Topic(
        name="Account login",
        terms=(
            "login", "log in", "log-in", "logon", "sign in", "sign-in", "signin", "password",
            "username", "authentication", "2fa", "verification code", "locked out", "credentials",
            "log on",
        ),
        complaint="Login problems",
        praise="Easy login",
    ),
    "search": Topic(
        name="Search",
        terms=(
            "search", "search engine", "search bar", "search function", "filter", "filters",
            "search results",
        ),
        complaint="Ineffective search",
        praise="Effective search",
    ),
    "ordering": Topic(
        name="Ordering",
        terms=(
            "order", "ordering", "ordered", "place an order", "placing an order", "basket", "cart",
            "shopping cart", "order process", "reorder", "pre-order",
            "purchase process", "purchasing process", "online purchase",
        ),
        complaint="Ordering problems",
        praise="Easy ordering",
    ),
    "order_errors": Topic(
        name="Order errors",
        terms=(
            "wrong item", "wrong order", "missing item", "missing items", "incomplete order",
            "wrong product", "wrong size sent", "mistake in the order", "order mix-up",
            "item missing", "wrong colour sent",
        ),
        complaint="Wrong or missing items",
        praise="Orders always correct",
    ),
    "software": Topic(
        name="Software",
        terms=(
            "software", "program", "platform", "saas", "system", "web app", "desktop app",
            "tool suite",
        ),
        complaint="Disappointing software",
        praise="Powerful software",
    ),
    "integrations": Topic(
        name="Integrations",
        terms=(
            "integration", "integrate", "integrations", "api", "plugin", "plug-in", "add-on",
            "connector", "sync", "synchronisation", "synchronization", "syncing", "export",
            "import",
        ),
        complaint="Missing integrations",
        praise="Good integrations",
    ),
    "documentation": Topic(
        name="Documentation and help",
        terms=(
            "documentation", "docs", "manual", "user guide", "user manual", "instructions",
            "tutorial", "tutorials", "help center", "help centre", "faq", "knowledge base",
            "guide",
        ),
        complaint="Poor documentation",
        praise="Clear documentation",
    ),
    "onboarding": Topic(
        name="Getting started",
        terms=(
            "onboarding", "getting started", "learning curve", "setup wizard", "get started",
            "steep learning curve",
        ),
        complaint="Steep learning curve",
        praise="Quick to get started",
    ),
    "reports": Topic(
        name="Reports and dashboards",
        terms=(
            "report", "reports", "reporting", "dashboard", "dashboards", "analytics", "statistics",
            "stats", "chart", "charts", "graph", "graphs",
        ),
        complaint="Limited reporting",
        praise="Useful reports",
    ),
    "license": Topic(
        name="Licensing",
        terms=(
            "license", "licence", "licensing", "activation key", "product key", "serial number",
            "license key",
        ),
        complaint="Licensing problems",
        praise="Simple licensing",
    ),
    # --- Delivery and logistics ---
    "delivery": Topic(
        name="Delivery",
        terms=(
            "delivery", "deliver", "delivered", "deliveries", "courier", "delivery driver",
            "delivery man", "delivery person", "parcel", "shipment", "shipping", "shipped", "ship",
            "dispatch", "dispatched", "postman", "post office", "doorstep", "letterbox", "mailbox",
            "wrong address",
        ),
        complaint="Late or failed deliveries",
        praise="Fast delivery",
    ),
    "delivery_time": Topic(
        name="Delivery time",
        terms=(
            "delivery time", "delivery times", "shipping time", "delivery date", "delivery delay",
            "late delivery", "delayed delivery", "estimated delivery", "delivery lead time",
            "took weeks to arrive",
        ),
        complaint="Long delivery times",
        praise="Delivered on time",
    ),
    "delivery_cost": Topic(
        name="Delivery costs",
        terms=(
            "delivery cost", "delivery costs", "delivery fee", "delivery charge", "shipping cost",
            "shipping costs", "shipping fee", "shipping charge", "postage", "free delivery",
            "free shipping", "postage costs",
        ),
        complaint="High delivery costs",
        praise="Free or cheap delivery",
    ),
    "delivery_slot": Topic(
        name="Delivery slots",
        terms=(
            "delivery slot", "delivery window", "delivery appointment", "delivery time slot",
            "delivery options",
        ),
        complaint="Unsuitable delivery slots",
        praise="Flexible delivery slots",
    ),
    "tracking": Topic(
        name="Order tracking",
        terms=(
            "tracking", "track", "tracking number", "tracking link", "order tracking",
            "parcel tracking", "track my order", "order status", "delivery tracking",
            "tracking information",
        ),
        complaint="Unreliable order tracking",
        praise="Clear order tracking",
    ),
    "pickup_point": Topic(
        name="Pickup points",
        terms=(
            "pickup point", "pick-up point", "collection point", "parcel locker", "parcel shop",
            "locker", "click and collect", "click & collect", "store pickup", "pick up in store",
            "curbside pickup", "relay point",
        ),
        complaint="Inconvenient pickup points",
        praise="Convenient pickup points",
    ),
    "parcel_problems": Topic(
        name="Lost or damaged parcels",
        terms=(
            "lost parcel", "lost package", "parcel lost", "package lost", "never arrived",
            "never received", "not delivered", "undelivered", "missing parcel", "missing package",
            "stolen parcel", "stolen package", "damaged parcel", "damaged package",
        ),
        complaint="Parcels lost or damaged",
        praise="Parcels always arrive safely",
    ),
    # --- Returns, warranty and after-sales ---
    "returns": Topic(
        name="Returns",
        terms=(
            # not the bare verb: "we will return", "returned for dinner" come back to a place
            "free return", "free returns", "easy return", "easy returns", "return policy",
            "returns policy", "return label", "return process", "returns process",
            "return shipping", "return window", "return request", "return it", "return them",
            "returned it", "returned them", "return the item", "return the product",
            "return the order", "return an item", "send back", "sent back", "send it back",
            "sent it back", "right of withdrawal",
        ),
        complaint="Complicated returns",
        praise="Easy returns",
    ),
    "exchange": Topic(
        name="Exchanges and replacements",
        terms=(
            "exchange", "exchanged", "swap", "replacement", "replace", "replaced", "swapped",
        ),
        complaint="Exchanges refused or slow",
        praise="Easy exchanges",
    ),
    "warranty": Topic(
        name="Warranty",
        terms=(
            "warranty", "guarantee", "guaranteed", "under warranty", "extended warranty",
            "warranty claim", "out of warranty",
        ),
        complaint="Warranty not honoured",
        praise="Warranty honoured",
    ),
    "after_sales": Topic(
        name="After-sales service",
        terms=(
            "after-sales", "after sales", "after-sales service", "after sales service",
            "aftersales", "after-sale", "technical support", "tech support",
            "technical assistance", "support technician",
        ),
        complaint="Ineffective after-sales service",
        praise="Effective after-sales service",
    ),
    "repairs": Topic(
        name="Repairs",
        terms=(
            "repair", "repaired", "repairs", "spare part", "spare parts", "repair shop",
            "technician", "repairer", "repairman", "engineer visit",
        ),
        complaint="Slow or failed repairs",
        praise="Quick, effective repairs",
    ),
    "installation": Topic(
        name="Installation",
        terms=(
            "installation", "install", "installed", "installer", "set up", "setup", "set-up",
            "activation", "activate", "activated", "connection of the line",
        ),
        complaint="Installation problems",
        praise="Smooth installation",
    ),
    # --- Premises and comfort ---
    "cleanliness": Topic(
        name="Cleanliness",
        terms=(
            "clean", "cleanliness", "cleaning", "dirty", "dirt", "filthy", "hygiene", "hygienic",
            "unhygienic", "spotless", "tidy", "untidy", "stain", "stains", "stained", "dust",
            "dusty", "mess", "messy", "grubby", "sticky", "grimy",
        ),
        complaint="Lack of cleanliness",
        praise="Very clean",
    ),
    "pests": Topic(
        name="Pests",
        terms=(
            "pest", "pests", "bedbug", "bedbugs", "bed bug", "bed bugs", "cockroach",
            "cockroaches", "insect", "insects", "rat", "rats", "vermin", "ants",
        ),
        complaint="Pests and insects",
        praise="Pest-free",
    ),
    "smell": Topic(
        name="Smell",
        terms=(
            "smell", "smelly", "smells", "odour", "odor", "stink", "stinks", "stench", "musty",
            "damp", "dampness", "mold", "mould",
        ),
        complaint="Bad smells",
        praise="Pleasant smell",
    ),
    "noise": Topic(
        name="Noise",
        terms=(
            "noise", "noisy", "loud", "quiet", "quietness", "silence", "silent", "soundproofing",
            "soundproof", "din", "racket", "thin walls",
        ),
        complaint="Too noisy",
        praise="Quiet and peaceful",
    ),
    "comfort": Topic(
        name="Comfort",
        terms=(
            "comfort", "comfortable", "uncomfortable", "comfy", "cosy", "cozy", "seat", "seats",
            "seating", "armchair", "sofa",
        ),
        complaint="Lack of comfort",
        praise="Very comfortable",
    ),
    "space": Topic(
        name="Space and crowding",
        terms=(
            "space", "spacious", "roomy", "cramped", "crowded", "overcrowded", "crowd", "crowds",
            "airy", "tight space", "busy place",
        ),
        complaint="Cramped and crowded",
        praise="Spacious and airy",
    ),
    "temperature": Topic(
        name="Temperature",
        terms=(
            "temperature", "too hot", "too cold", "cold", "hot", "chilly", "lukewarm", "stuffy",
        ),
        complaint="Too hot or too cold",
        praise="Pleasant temperature",
    ),
    "heating": Topic(
        name="Heating",
        terms=(
            "heating", "heater", "boiler", "radiator", "heat pump", "central heating",
            "hot water tank",
        ),
        complaint="Heating problems",
        praise="Good heating",
    ),
    "air_conditioning": Topic(
        name="Air conditioning",
        terms=(
            "air conditioning", "air-conditioning", "air con", "aircon", "air conditioner",
            "ventilation", "air conditioned", "air-conditioned",
        ),
        complaint="Poor air conditioning",
        praise="Effective air conditioning",
    ),
    "upkeep": Topic(
        name="Maintenance and condition",
        terms=(
            "renovation", "renovated", "outdated decor", "run-down", "rundown", "shabby",
            "dilapidated", "refurbishment", "refurbished", "needs updating", "state of repair",
            "maintenance", "upkeep", "well maintained", "poorly maintained",
        ),
        complaint="Poorly maintained",
        praise="Well maintained",
    ),
    "decor": Topic(
        name="Decor",
        terms=(
            "decor", "décor", "decoration", "decorated", "interior", "interior design",
            "furnishing", "furnishings", "furniture", "tasteful",
        ),
        complaint="Dated decor",
        praise="Beautiful decor",
    ),
    "location": Topic(
        name="Location",
        terms=(
            "location", "located", "situated", "central", "centrally located", "neighbourhood",
            "neighborhood", "district", "close to", "walking distance", "nearby",
            "convenient location", "surroundings",
            "close by", "closeby", "downtown",
        ),
        complaint="Inconvenient location",
        praise="Ideal location",
    ),
    "accessibility": Topic(
        name="Accessibility",
        terms=(
            "accessibility", "accessible", "wheelchair", "disabled access", "step-free",
            "elevator", "stairs", "ramp", "reduced mobility", "disability", "disabled",
        ),
        complaint="Poor accessibility",
        praise="Easily accessible",
    ),
    "parking": Topic(
        name="Parking",
        terms=(
            "parking", "car park", "parking lot", "parking space", "parking spaces",
            "park the car", "valet parking", "parking fee",
        ),
        complaint="Hard to park",
        praise="Easy parking",
    ),
    "opening_hours": Topic(
        name="Opening hours",
        terms=(
            "opening hours", "opening times", "business hours", "open late", "closing time",
            "open on sunday", "open on sundays", "weekend opening", "hours of operation",
            "closed on",
        ),
        complaint="Limited opening hours",
        praise="Convenient opening hours",
    ),
    "children": Topic(
        name="Children",
        terms=(
            "kid", "kids", "children", "child", "family-friendly", "family friendly", "kids menu",
            "high chair", "baby", "babies", "stroller", "toddler",
        ),
        complaint="Not child-friendly",
        praise="Great for children",
    ),
    "pets": Topic(
        name="Pets",
        terms=(
            "dog", "dogs", "pet", "pets", "pet-friendly", "pet friendly", "animal", "animals",
        ),
        complaint="Pets not welcome",
        praise="Pet-friendly",
    ),
    "activities": Topic(
        name="Activities and entertainment",
        terms=(
            "activity", "activities", "entertainment", "excursion", "excursions", "kids club",
            "evening entertainment", "events", "event",
        ),
        complaint="Few activities",
        praise="Plenty of activities",
    ),
    # --- Telecom and internet ---
    "network_coverage": Topic(
        name="Network coverage",
        terms=(
            "network", "network coverage", "mobile coverage", "signal", "no signal",
            "mobile network", "dead zone", "dead spot", "phone signal", "signal strength",
            "reception of the signal",
        ),
        complaint="Poor network coverage",
        praise="Good network coverage",
    ),
    "internet_connection": Topic(
        name="Internet connection",
        terms=(
            "internet", "internet connection", "connection", "connectivity issues", "broadband",
            "fibre", "fiber", "fibre optic", "fiber optic", "dsl", "adsl", "disconnection",
            "disconnected", "unstable connection",
        ),
        complaint="Slow or unstable internet",
        praise="Fast, stable internet",
    ),
    "internet_speed": Topic(
        name="Internet speed",
        terms=(
            "internet speed", "download speed", "upload speed", "bandwidth", "speed test",
            "throughput", "latency", "ping", "mbps",
        ),
        complaint="Slow internet speed",
        praise="Fast internet speed",
    ),
    "wifi": Topic(
        name="Wi-Fi",
        terms=(
            "wifi", "wi-fi", "wi fi", "wireless", "hotspot", "wifi connection", "wifi signal",
            "free wifi",
        ),
        complaint="Poor Wi-Fi",
        praise="Good Wi-Fi",
    ),
    "equipment": Topic(
        name="Router and box",
        terms=(
            "router", "modem", "set-top box", "tv box", "decoder", "internet box",
            "equipment provided", "receiver",
        ),
        complaint="Faulty router or box",
        praise="Reliable equipment",
    ),
    "mobile_plan": Topic(
        name="Mobile plan",
        terms=(
            "mobile plan", "phone plan", "cell plan", "data plan", "sim card", "sim", "esim",
            "data allowance", "mobile data", "unlimited data", "calls and texts", "prepaid",
            "pay as you go",
        ),
        # its terms name the SIM card and the data too: the side says the plan, not its price
        complaint="Mobile plan problems",
        praise="Good mobile plan",
    ),
    "roaming": Topic(
        name="Roaming",
        terms=(
            "roaming", "roaming charges", "international calls", "calls abroad", "use abroad",
            "abroad charges",
        ),
        complaint="Roaming problems",
        praise="Roaming included",
    ),
    "phone": Topic(
        name="Phone",
        terms=(
            "phone", "smartphone", "mobile phone", "cell phone", "cellphone", "handset",
            "mobile device",
        ),
        complaint="Faulty phones",
        praise="Excellent phone",
    ),
    "tv_service": Topic(
        name="TV service",
        terms=(
            "tv", "television", "channel", "channels", "streaming", "tv package", "replay",
            "on demand", "video on demand", "catch-up tv",
        ),
        complaint="Poor TV service",
        praise="Good TV service",
    ),
    "provider_switch": Topic(
        name="Switching provider",
        terms=(
            "switch provider", "switching provider", "change provider", "changing provider",
            "number porting", "port my number", "portability", "new provider", "switched provider",
            "switched to",
        ),
        complaint="Hard to switch provider",
        praise="Easy provider switch",
    ),
    # --- Banking ---
    "bank_account": Topic(
        name="Bank account",
        terms=(
            "bank account", "current account", "checking account", "savings account",
            "joint account", "account opening", "open an account", "opening an account",
            "business account",
        ),
        complaint="Bank account problems",
        praise="Easy account opening",
    ),
    "bank_card": Topic(
        name="Bank card",
        terms=(
            "card", "bank card", "debit card", "credit card", "contactless", "pin", "pin code",
            "payment card", "card blocked", "card declined", "new card",
        ),
        complaint="Bank card problems",
        praise="Convenient bank card",
    ),
    "transfers": Topic(
        name="Transfers",
        terms=(
            "transfer", "bank transfer", "wire transfer", "money transfer",
            "international transfer", "instant transfer", "transfers",
        ),
        complaint="Slow transfers",
        praise="Instant transfers",
    ),
    "loans": Topic(
        name="Loans and mortgages",
        terms=(
            "loan", "loans", "mortgage", "credit", "borrowing", "borrow", "loan application",
            "mortgage application", "consumer credit", "personal loan",
        ),
        complaint="Loan problems",
        praise="Quick loan approval",
    ),
    "interest_rates": Topic(
        name="Interest rates",
        terms=(
            "interest rate", "interest rates", "apr", "savings rate", "yield", "rate of return",
        ),
        complaint="Unattractive rates",
        praise="Attractive rates",
    ),
    "bank_fees": Topic(
        name="Bank charges",
        terms=(
            "bank charges", "bank fees", "account fee", "account fees", "card fee",
            "overdraft fee", "overdraft", "account maintenance fee", "transaction fee",
            "foreign transaction fee",
        ),
        complaint="High bank charges",
        praise="Low bank charges",
    ),
    "online_banking": Topic(
        name="Online banking",
        terms=(
            "online banking", "internet banking", "mobile banking", "banking app", "online bank",
            "digital bank", "neobank", "online account access",
        ),
        complaint="Limited online banking",
        praise="Excellent online banking",
    ),
    "bank_advisor": Topic(
        name="Bank advisor",
        terms=(
            "bank advisor", "bank adviser", "account manager", "relationship manager",
            "personal banker", "financial advisor", "financial adviser", "banker",
            "change of advisor",
        ),
        complaint="Unavailable bank advisor",
        praise="Attentive bank advisor",
    ),
    "savings": Topic(
        name="Savings and investments",
        terms=(
            "savings", "investment", "investments", "invest", "portfolio", "fund", "funds",
            "stock market", "pension", "retirement savings", "wealth management",
        ),
        complaint="Disappointing returns",
        praise="Good investment returns",
    ),
    "atm_cash": Topic(
        name="ATMs and cash",
        terms=(
            "atm", "atms", "cash machine", "cashpoint", "cash withdrawal", "withdrawal", "cash",
            "cash deposit",
        ),
        complaint="ATM and cash problems",
        praise="Convenient ATMs",
    ),
    # --- Insurance ---
    "insurance": Topic(
        name="Insurance",
        terms=(
            "insurance", "insurer", "insurance policy", "policy", "premium", "premiums",
            "policyholder", "car insurance", "home insurance", "health insurance",
            "travel insurance", "insurance company",
        ),
        complaint="Disappointing insurance",
        praise="Fair premiums",
    ),
    "claims": Topic(
        name="Claims",
        terms=(
            "claim", "claims", "insurance claim", "claims handling", "claims process",
            "file a claim", "filed a claim", "loss adjuster", "adjuster", "accident report",
            "damage claim", "water damage",
        ),
        complaint="Claims handled slowly",
        praise="Claims settled quickly",
    ),
    "coverage": Topic(
        name="Insurance coverage",
        terms=(
            "insurance coverage", "coverage", "not covered", "cover for", "exclusion",
            "exclusions", "deductible", "insurance excess", "level of cover", "policy guarantees",
        ),
        complaint="Insufficient coverage",
        praise="Comprehensive coverage",
    ),
    "roadside_assistance": Topic(
        name="Roadside assistance",
        terms=(
            "roadside assistance", "breakdown cover", "breakdown service", "tow", "towing",
            "tow truck", "recovery truck", "breakdown assistance",
        ),
        complaint="Slow roadside assistance",
        praise="Quick roadside help",
    ),
    # --- Energy and utilities ---
    "energy": Topic(
        name="Energy supply",
        terms=(
            "electricity", "gas", "energy", "power supply", "energy supplier", "supplier",
            "utility", "utilities", "energy bill", "electricity bill", "gas bill",
        ),
        complaint="Energy supply problems",
        praise="Reliable energy supply",
    ),
    "meter": Topic(
        name="Meter readings",
        terms=(
            "meter", "meter reading", "smart meter", "estimated reading", "estimated bill",
            "meter readings",
        ),
        complaint="Wrong meter readings",
        praise="Accurate meter readings",
    ),
    "consumption": Topic(
        name="Energy consumption",
        terms=(
            "consumption", "energy use", "energy usage", "usage", "kwh", "fuel consumption",
        ),
        complaint="Unexplained high consumption",
        praise="Clear consumption tracking",
    ),
    # --- Transport and travel ---
    "journey": Topic(
        name="Journey",
        terms=(
            "journey", "trip", "ride", "travel", "route", "itinerary", "commute", "transit",
            "missed connection", "connecting train", "connecting flight", "layover", "stopover",
        ),
        complaint="Difficult journeys",
        praise="Pleasant journey",
    ),
    "train": Topic(
        name="Trains",
        terms=(
            "train", "trains", "rail", "railway", "carriage", "high-speed train", "train station",
            "train journey",
        ),
        complaint="Unreliable trains",
        praise="Pleasant train journeys",
    ),
    "public_transport": Topic(
        name="Public transport",
        terms=(
            "public transport", "public transportation", "bus", "buses", "tram", "metro", "subway",
            "underground", "shuttle", "bus stop", "station", "transport links",
        ),
        complaint="Unreliable public transport",
        praise="Well served by public transport",
    ),
    "timetable": Topic(
        name="Timetables",
        terms=(
            "timetable", "timetables", "schedule", "frequency", "departure time", "arrival time",
            "departure", "departures", "frequent trains", "service frequency",
        ),
        complaint="Inconvenient timetables",
        praise="Frequent departures",
    ),
    "tickets": Topic(
        name="Tickets",
        terms=(
            "ticket", "tickets", "e-ticket", "fare", "fares", "ticket office", "ticket machine",
            "boarding pass", "travel pass", "season ticket", "ticketing",
        ),
        complaint="Ticket purchase problems",
        praise="Easy ticket purchase",
    ),
    "booking": Topic(
        name="Booking",
        terms=(
            "booking", "book", "booked", "reservation", "reservations", "reserve", "reserved",
            "online booking", "booking confirmation", "booking process", "booking system",
        ),
        complaint="Booking problems",
        praise="Easy booking",
    ),
    "flight": Topic(
        name="Flights",
        terms=(
            "flight", "flights", "fly", "flying", "flew", "airline", "plane", "aircraft",
            "airplane", "aeroplane", "cabin", "on board", "onboard",
        ),
        complaint="Poor flight experience",
        praise="Pleasant flight",
    ),
    "baggage": Topic(
        name="Baggage",
        terms=(
            "baggage", "luggage", "suitcase", "suitcases", "checked bag", "checked baggage",
            "carry-on", "hand luggage", "lost luggage", "baggage claim", "baggage allowance",
            "baggage fee",
        ),
        complaint="Lost or delayed baggage",
        praise="Baggage handled well",
    ),
    "boarding": Topic(
        name="Boarding",
        terms=(
            "boarding", "boarding gate", "gate", "priority boarding", "board the plane", "boarded",
        ),
        complaint="Chaotic boarding",
        praise="Smooth boarding",
    ),
    "airport": Topic(
        name="Airport",
        terms=(
            "airport", "terminal", "security check", "security line", "passport control",
            "airport staff", "airport lounge", "lounge",
        ),
        complaint="Long airport queues",
        praise="Smooth airport experience",
    ),
    "inflight_service": Topic(
        name="In-flight service",
        terms=(
            "in-flight", "inflight", "flight attendant", "cabin crew", "crew", "steward",
            "stewardess", "in-flight entertainment", "inflight entertainment", "legroom",
            "meal on board", "onboard service",
        ),
        complaint="Poor in-flight service",
        praise="Attentive cabin crew",
    ),
    "vehicle": Topic(
        name="Vehicle",
        terms=(
            "car", "cars", "vehicle", "vehicles", "automobile", "suv", "van", "truck", "motorbike",
            "motorcycle",
        ),
        complaint="Faulty vehicle",
        praise="Excellent vehicle",
    ),
    "driving": Topic(
        name="Driving experience",
        terms=(
            "driving", "engine", "gearbox", "transmission", "acceleration", "fuel", "mileage",
            "mpg", "road holding", "fuel economy",
        ),
        complaint="Disappointing to drive",
        praise="Pleasant to drive",
    ),
    "dealership": Topic(
        name="Dealership",
        terms=(
            "dealer", "dealership", "car dealer", "dealers", "dealer network", "car salesman",
        ),
        complaint="Disappointing dealership",
        praise="Helpful dealership",
    ),
    "car_servicing": Topic(
        name="Car servicing",
        terms=(
            "car service", "annual service", "oil change", "tyre", "tyres", "tire", "tires",
            "brakes", "brake", "mechanic", "garage", "workshop", "mot", "inspection",
        ),
        complaint="Poor car servicing",
        praise="Quality car servicing",
    ),
    "rental": Topic(
        name="Rental",
        terms=(
            "rental", "rent", "rented", "hire", "car hire", "rental car", "rental agency",
            "hire car", "rental company", "pick-up of the car", "drop-off",
        ),
        complaint="Rental problems",
        praise="Smooth rental",
    ),
    "financing": Topic(
        name="Financing and leasing",
        terms=(
            "financing", "finance", "lease", "leasing", "finance deal", "car finance",
            "personal contract purchase", "lease contract",
        ),
        complaint="Costly financing",
        praise="Attractive financing",
    ),
    "trade_in": Topic(
        name="Trade-in",
        terms=(
            "trade-in", "trade in", "part exchange", "part-exchange", "buyback", "trade-in value",
        ),
        complaint="Low trade-in offer",
        praise="Fair trade-in value",
    ),
    "test_drive": Topic(
        name="Test drive",
        terms=(
            "test drive", "test-drive", "test drives", "test driving",
        ),
        complaint="Test drive problems",
        praise="Good test drive",
    ),
    # --- Hotels and accommodation ---
    "stay": Topic(
        name="Stay",
        terms=(
            "stay", "stayed", "hotel", "hostel", "guesthouse", "guest house", "b&b",
            "accommodation", "lodging", "resort", "inn", "holiday",
        ),
        complaint="Disappointing stay",
        praise="Pleasant stay",
    ),
    "room": Topic(
        name="Room",
        terms=(
            "room", "rooms", "bedroom", "suite", "hotel room", "room size", "double room",
            "single room",
        ),
        complaint="Disappointing rooms",
        praise="Nice rooms",
    ),
    "bed": Topic(
        name="Bed and bedding",
        terms=(
            "bed", "beds", "mattress", "pillow", "pillows", "bedding", "sheets", "bed linen",
            "duvet", "blanket", "blankets",
        ),
        complaint="Uncomfortable beds",
        praise="Comfortable beds",
    ),
    "bathroom": Topic(
        name="Bathroom",
        terms=(
            "bathroom", "bathrooms", "shower", "showers", "bath", "bathtub", "toilet", "toilets",
            "restroom", "washroom", "sink", "towel", "towels", "hot water", "water pressure",
            "toiletries",
        ),
        complaint="Disappointing bathrooms",
        praise="Pleasant bathrooms",
    ),
    "front_desk": Topic(
        name="Reception",
        terms=(
            "reception", "reception desk", "front desk", "receptionist", "receptionists",
            "concierge", "front office", "check-in desk",
        ),
        complaint="Unhelpful reception",
        praise="Helpful reception staff",
    ),
    "check_in": Topic(
        name="Check-in and check-out",
        terms=(
            "check-in", "check in", "checkin", "check-out", "check out", "late checkout",
            "early check-in", "key card", "room key",
        ),
        complaint="Check-in and check-out problems",
        praise="Quick check-in",
    ),
    "housekeeping": Topic(
        name="Housekeeping",
        terms=(
            "housekeeping", "housekeeper", "maid", "maids", "cleaning staff", "turndown",
            "fresh towels", "room cleaning", "chambermaid",
        ),
        complaint="Poor housekeeping",
        praise="Impeccable housekeeping",
    ),
    "room_service": Topic(
        name="Room service",
        terms=(
            "room service", "in-room dining",
        ),
        complaint="Poor room service",
        praise="Excellent room service",
    ),
    "amenities": Topic(
        name="Amenities",
        terms=(
            "amenities", "amenity", "facilities", "facility", "equipment", "gym", "fitness",
            "fitness centre", "fitness center", "minibar", "kettle", "in-room safe", "balcony",
            "hairdryer", "coffee machine",
        ),
        complaint="Limited or broken amenities",
        praise="Great amenities",
    ),
    "pool_spa": Topic(
        name="Pool and spa",
        terms=(
            "pool", "swimming pool", "spa", "sauna", "jacuzzi", "hot tub", "hammam", "wellness",
            "steam room",
        ),
        complaint="Disappointing pool or spa",
        praise="Lovely pool and spa",
    ),
    "view": Topic(
        name="View",
        terms=(
            "view", "views", "sea view", "scenery", "panorama", "panoramic", "overlooking",
            "outlook", "mountain view",
        ),
        complaint="Disappointing view",
        praise="Beautiful view",
    ),
    "beach": Topic(
        name="Beach",
        terms=(
            "beach", "beaches", "seaside", "sea", "ocean", "sand", "seafront",
        ),
        complaint="Disappointing beach",
        praise="Beautiful beach",
    ),
    # --- Restaurants, food and drink ---
    "food": Topic(
        name="Food",
        terms=(
            "food", "cuisine", "cooking", "cook", "chef", "culinary", "gastronomy", "kitchen",
            "recipe", "recipes", "gastronomic", "foodstuff",
        ),
        complaint="Disappointing food",
        praise="Delicious food",
    ),
    "dishes": Topic(
        name="Dishes",
        terms=(
            "dish", "dishes", "plate", "plates", "main course", "starter", "starters", "appetizer",
            "appetiser", "entree", "entrée", "side dish", "specialty", "speciality",
            "daily special", "dish of the day",
            # one dish, not heat nor a pet: the longest term wins ("great hot dogs" read as
            # temperature and pets, and a theme of them was labelled "Pet-friendly")
            "hot dog",
        ),
        complaint="Disappointing dishes",
        praise="Excellent dishes",
    ),
    "meals": Topic(
        name="Meals",
        terms=(
            "meal", "meals", "lunch", "dinner", "supper", "buffet", "dining", "lunchtime",
            "dinnertime",
        ),
        complaint="Disappointing meals",
        praise="Excellent meals",
    ),
    "breakfast": Topic(
        name="Breakfast",
        terms=(
            "breakfast", "breakfasts", "brunch", "continental breakfast", "breakfast buffet",
            "morning meal",
        ),
        complaint="Disappointing breakfast",
        praise="Excellent breakfast",
    ),
    "taste": Topic(
        name="Taste and flavour",
        terms=(
            "taste", "tasty", "tasteless", "flavour", "flavor", "flavours", "flavors",
            "flavourful", "flavorful", "bland", "seasoning", "seasoned", "salty", "spicy",
            "bitter", "delicious", "yummy", "tasted",
        ),
        complaint="Bland or poorly seasoned",
        praise="Full of flavour",
    ),
    "cooking": Topic(
        name="Cooking and doneness",
        terms=(
            "overcooked", "undercooked", "raw", "burnt", "burned", "medium rare", "doneness",
            "soggy", "greasy", "oily", "chewy", "tender", "crispy", "crunchy", "dry meat",
            "well cooked", "perfectly cooked", "cooked perfectly", "cooked to perfection",
            "nicely cooked", "properly cooked", "not cooked",
        ),
        complaint="Poorly cooked",
        praise="Perfectly cooked",
    ),
    "portions": Topic(
        name="Portions",
        terms=(
            "portion", "portions", "portion size", "portion sizes", "generous", "skimpy",
            "small portion", "large portion", "hearty", "quantity", "quantities",
        ),
        complaint="Small portions",
        praise="Generous portions",
    ),
    "menu": Topic(
        name="Menu",
        terms=(
            "menu", "menus", "set menu", "tasting menu", "à la carte", "a la carte",
            "menu options", "lunch menu", "fixed menu",
        ),
        complaint="Limited menu",
        praise="Varied menu",
    ),
    "drinks": Topic(
        name="Drinks",
        terms=(
            "drink", "drinks", "beverage", "beverages", "cocktail", "cocktails", "beer", "beers",
            "juice", "soda", "coffee", "tea", "soft drink", "bar", "bartender", "smoothie",
            "lemonade", "aperitif",
        ),
        complaint="Disappointing drinks",
        praise="Great drinks",
    ),
    "wine": Topic(
        name="Wine",
        terms=(
            "wine", "wines", "wine list", "sommelier", "red wine", "white wine", "rosé",
            "champagne", "glass of wine", "bottle of wine", "vintage", "wine pairing",
        ),
        complaint="Disappointing wine list",
        praise="Excellent wine list",
    ),
    "desserts": Topic(
        name="Desserts",
        terms=(
            "dessert", "desserts", "cake", "cakes", "pastry", "pastries", "ice cream", "pudding",
            "tart", "sorbet",
        ),
        complaint="Disappointing desserts",
        praise="Delicious desserts",
    ),
    "meat": Topic(
        name="Meat",
        terms=(
            "meat", "beef", "pork", "chicken", "lamb", "veal", "steak", "duck", "poultry",
            "sausage",
        ),
        complaint="Disappointing meat",
        praise="Excellent meat",
    ),
    "fish_seafood": Topic(
        name="Fish and seafood",
        terms=(
            "fish", "seafood", "salmon", "tuna", "shrimp", "prawn", "prawns", "oyster", "oysters",
            "mussels", "shellfish", "cod",
        ),
        complaint="Disappointing fish and seafood",
        praise="Excellent fish and seafood",
    ),
    "vegetables": Topic(
        name="Vegetables and salads",
        terms=(
            "vegetable", "vegetables", "veggies", "salad", "salads", "side salad",
        ),
        complaint="Disappointing vegetables and salads",
        praise="Fresh vegetables and salads",
    ),
    "bread": Topic(
        name="Bread",
        terms=(
            "bread", "baguette", "bun", "buns", "croissants", "loaf",
            "bagel", "bagels", "brioche",
        ),
        complaint="Disappointing bread",
        praise="Excellent bread",
    ),
    "ingredients": Topic(
        name="Ingredients",
        terms=(
            "ingredient", "ingredients", "produce", "homemade", "home-made", "home made",
            "organic", "local produce", "seasonal", "seasonal produce",
        ),
        complaint="Low-quality ingredients",
        praise="Quality ingredients",
    ),
    "dietary": Topic(
        name="Dietary needs",
        terms=(
            "vegetarian", "vegan", "gluten-free", "gluten free", "gluten", "allergy", "allergies",
            "allergen", "allergens", "dietary", "diet", "lactose", "halal", "kosher",
            "intolerance", "plant-based",
        ),
        complaint="Dietary needs ignored",
        praise="Diets well accommodated",
    ),
    "food_safety": Topic(
        name="Food safety",
        terms=(
            "food poisoning", "got sick", "sick after", "stomach ache", "upset stomach",
            "hair in my food", "hair in the food", "undercooked chicken", "raw chicken",
            "food safety",
        ),
        complaint="Food safety concerns",
        praise="Safe, hygienic food",
    ),
    "table_service": Topic(
        name="Table service",
        terms=(
            "waiter", "waiters", "waitress", "waitresses", "server", "servers", "waitstaff",
            "wait staff", "host", "hostess", "maitre d", "table service", "busboy",
            "service at the table", "serving staff",
        ),
        complaint="Poor table service",
        praise="Attentive waiters",
    ),
    "service": Topic(
        name="Service",
        terms=(
            "service", "serve", "served", "quality of service", "service quality",
            "level of service",
        ),
        complaint="Poor service",
        praise="Excellent service",
    ),
    "ambience": Topic(
        name="Ambience",
        terms=(
            "ambience", "ambiance", "atmosphere", "vibe", "vibes", "mood", "romantic", "lively",
            "convivial", "dim lighting", "charm", "charming",
        ),
        complaint="Unpleasant atmosphere",
        praise="Pleasant atmosphere",
    ),
    "music": Topic(
        name="Music",
        terms=(
            "music", "playlist", "background music", "live music", "dj", "band", "singer",
        ),
        complaint="Unpleasant music",
        praise="Great music",
    ),
    "tables": Topic(
        name="Tables and seating",
        terms=(
            "table", "tables", "booth", "booths", "table layout", "tables too close",
            "seating area", "dining room",
        ),
        # its terms name any table or seat: the side says it, not one cause (space)
        complaint="Table and seating problems",
        praise="Good tables and seating",
    ),
    "terrace": Topic(
        name="Terrace",
        terms=(
            "terrace", "patio", "outdoor seating", "garden", "rooftop", "outside seating",
            "al fresco", "courtyard",
        ),
        complaint="Unpleasant terrace",
        praise="Lovely terrace",
    ),
    "takeaway": Topic(
        name="Takeaway",
        terms=(
            "takeaway", "take-away", "takeout", "take-out", "take away", "doggy bag",
            "food delivery",
        ),
        complaint="Disappointing takeaway",
        praise="Excellent takeaway",
    ),
    "tips": Topic(
        name="Tips and service charge",
        terms=(
            "tip", "tips", "tipping", "gratuity", "gratuities", "tip included",
        ),
        complaint="Pressure to tip",
        praise="Tip included, no pressure",
    ),
    # --- Electronics and computers ---
    "computer": Topic(
        name="Computer",
        terms=(
            "laptop", "laptops", "computer", "computers", "notebook", "pc", "desktop", "tablet",
            "device", "devices", "machine", "ultrabook", "netbook", "chromebook", "chromebooks",
            "macbook", "macbooks",
        ),
        complaint="Disappointing computer",
        praise="Excellent computer",
    ),
    "performance": Topic(
        name="Performance",
        terms=(
            "performance", "performant", "powerful", "processor", "cpu", "ram", "memory",
            "sluggish", "multitasking", "benchmark", "speed of the computer",
        ),
        complaint="Poor performance",
        praise="Fast and powerful",
    ),
    "battery": Topic(
        name="Battery",
        terms=(
            "battery", "batteries", "battery life", "autonomy", "runtime", "battery drain",
            "battery health", "battery lifespan",
        ),
        complaint="Short battery life",
        praise="Long battery life",
    ),
    "charging": Topic(
        name="Charging",
        terms=(
            "charger", "charging cable", "charging port", "power adapter", "power cord",
            "fast charging", "wireless charging", "recharge", "recharging", "charging time",
            "cable",
        ),
        complaint="Charging problems",
        praise="Fast charging",
    ),
    "screen": Topic(
        name="Screen",
        terms=(
            "screen", "screens", "display", "monitor", "brightness", "touchscreen", "touch screen",
            "pixel", "pixels", "glare", "screen resolution", "display resolution", "dead pixel",
            "matte screen",
        ),
        complaint="Disappointing screen",
        praise="Excellent screen",
    ),
    "keyboard": Topic(
        name="Keyboard and touchpad",
        terms=(
            "keyboard", "keyboards", "touchpad", "trackpad", "mouse", "backlight", "backlit",
            "keystroke", "key travel",
            "touch pad", "track pad", "mousepad", "mouse pad",
        ),
        complaint="Poor keyboard or touchpad",
        praise="Comfortable keyboard",
    ),
    "build_quality": Topic(
        name="Build quality",
        terms=(
            "build quality", "chassis", "hinge", "hinges", "aluminium", "aluminum",
            "craftsmanship", "workmanship", "materials used", "solidly built", "well built",
            "poorly built",
        ),
        complaint="Poor build quality",
        praise="Excellent build quality",
    ),
    "design": Topic(
        name="Design",
        terms=(
            "design", "designed", "sleek", "stylish", "aesthetic", "aesthetics", "elegant",
            "elegance", "good-looking", "looks great", "beautiful design", "conception",
        ),
        complaint="Disappointing design",
        praise="Sleek design",
    ),
    "size_weight": Topic(
        name="Size and weight",
        terms=(
            "weight", "heavy", "lightweight", "portable", "compact", "bulky", "thin", "slim",
            "thickness", "weighs",
        ),
        complaint="Too heavy and bulky",
        praise="Light and compact",
    ),
    "sound": Topic(
        name="Sound",
        terms=(
            "sound", "audio", "speaker", "speakers", "volume", "microphone", "mic", "headphones",
            "headphone", "earphones", "earbuds", "bass", "sound quality",
        ),
        complaint="Poor sound quality",
        praise="Great sound",
    ),
    "camera": Topic(
        name="Camera",
        terms=(
            "camera", "cameras", "webcam", "photo", "photos", "picture quality", "lens",
            "photo quality", "video call quality",
        ),
        complaint="Poor camera",
        praise="Excellent camera",
    ),
    "ports": Topic(
        name="Ports and connectivity",
        terms=(
            "port", "ports", "usb", "hdmi", "usb-c", "bluetooth", "headphone jack", "jack",
            "dongle", "adapter", "sd card reader", "connectivity",
        ),
        complaint="Limited ports",
        praise="Plenty of ports",
    ),
    "operating_system": Topic(
        name="Operating system",
        terms=(
            "operating system", "os", "firmware", "bios", "driver update", "boot", "booting",
            "startup", "reboot", "restart", "blue screen", "bloatware", "preinstalled software",
        ),
        complaint="Operating system problems",
        praise="Smooth operating system",
    ),
    "overheating": Topic(
        name="Heat and fan noise",
        terms=(
            "overheat", "overheating", "overheats", "fan", "fans", "fan noise", "thermal",
            "thermals", "runs hot", "gets hot", "cooling system",
        ),
        complaint="Overheating and fan noise",
        praise="Stays cool and quiet",
    ),
    "storage": Topic(
        name="Storage",
        terms=(
            "storage", "hard drive", "hard disk", "ssd", "disk", "disk space", "storage space",
            "storage capacity", "terabyte",
            "flash drive", "usb drive", "external drive", "dvd drive", "optical drive",
            "solid state drive",
        ),
        complaint="Not enough storage",
        praise="Plenty of storage",
    ),
    "graphics_gaming": Topic(
        name="Graphics and gaming",
        terms=(
            "graphics", "graphics card", "gpu", "gaming", "game", "games", "fps", "frame rate",
            "video card",
        ),
        complaint="Weak for gaming",
        praise="Great for gaming",
    ),
    "appliances": Topic(
        name="Home appliances",
        terms=(
            "appliance", "appliances", "washing machine", "dishwasher", "fridge", "refrigerator",
            "oven", "microwave", "vacuum cleaner", "tumble dryer", "freezer",
        ),
        complaint="Faulty appliances",
        praise="Reliable appliances",
    ),
    # --- Online courses and education ---
    "course_content": Topic(
        name="Course content",
        terms=(
            "course", "courses", "course content", "course material", "course materials",
            "learning material", "study material", "curriculum", "syllabus", "module", "modules",
            "lesson", "lessons", "lecture", "lectures", "class", "classes", "training course",
            "webinar",
        ),
        complaint="Superficial course content",
        praise="Rich course content",
    ),
    "instructor": Topic(
        name="Instructor",
        terms=(
            "instructor", "instructors", "teacher", "teachers", "professor", "lecturer", "tutor",
            "trainer", "coach", "educator", "presenter", "mentor", "teaching",
        ),
        complaint="Disappointing instructor",
        praise="Excellent instructor",
    ),
    "explanations": Topic(
        name="Clarity of explanations",
        terms=(
            "explanation", "explanations", "explain", "explained", "explains", "clear", "clarity",
            "unclear", "understandable", "easy to understand", "hard to understand", "clearly",
            "pedagogy", "teaching method",
        ),
        complaint="Unclear explanations",
        praise="Clear explanations",
    ),
    "exercises": Topic(
        name="Exercises and assignments",
        terms=(
            "exercise", "exercises", "assignment", "assignments", "homework", "quiz", "quizzes",
            "hands-on", "practical exercise", "lab", "labs", "project", "projects", "case study",
            "practice exercises",
        ),
        complaint="Disappointing exercises",
        praise="Useful practical exercises",
    ),
    "grading": Topic(
        name="Grading and exams",
        terms=(
            "grade", "grading", "graded", "peer review", "peer-graded", "peer graded", "grader",
            "exam", "exams", "final exam", "assessment", "assessments",
        ),
        complaint="Unfair grading",
        praise="Fair grading",
    ),
    "certificate": Topic(
        name="Certificate",
        terms=(
            "certificate", "certificates", "certification", "certified", "diploma",
            "accreditation", "accredited", "degree",
        ),
        complaint="Poorly recognised certificate",
        praise="Recognised certificate",
    ),
    "pace": Topic(
        name="Pace and level",
        terms=(
            "pace", "pacing", "difficulty", "difficulty level", "beginner", "beginners",
            "advanced level", "prerequisite", "prerequisites", "workload", "too advanced",
            "too basic", "level of the course", "fast-paced",
        ),
        complaint="Pace or level unsuitable",
        praise="Well-paced, right level",
    ),
    "learning": Topic(
        name="Learning",
        terms=(
            "learn", "learned", "learnt", "learning", "knowledge", "skill", "skills", "new skills",
            "understanding of the subject", "insight", "insights",
        ),
        complaint="Little learned",
        praise="Learned a lot",
    ),
    "videos": Topic(
        name="Videos",
        terms=(
            "video", "videos", "recording", "recordings", "recorded", "subtitles", "captions",
            "transcript", "video quality",
        ),
        complaint="Poor video quality",
        praise="High-quality videos",
    ),
    "community": Topic(
        name="Community and forums",
        terms=(
            "forum", "forums", "community", "discussion", "discussions", "discussion board",
            "classmates", "fellow students", "peers", "fellow learners",
        ),
        complaint="Inactive forums",
        praise="Supportive community",
    ),
    "relevance": Topic(
        name="Practical relevance",
        terms=(
            "real-world", "real world", "applicable", "relevant", "relevance",
            "irrelevant", "outdated", "up to date", "up-to-date", "theoretical", "too theoretical",
            "career",
        ),
        complaint="Outdated or too theoretical",
        praise="Practical and relevant",
    ),
    "course_length": Topic(
        name="Course length",
        terms=(
            "length", "duration", "lengthy", "course length", "length of the course",
            "hours of content",
        ),
        complaint="Too long or too short",
        praise="Right length",
    ),
    # --- Clothing and fashion ---
    "size_fit": Topic(
        name="Size and fit",
        terms=(
            "size", "sizes", "sizing", "fit", "fits", "fitted", "too small", "too big",
            "too tight", "too large", "loose", "tight", "true to size", "runs small", "runs large",
            "size guide", "size chart",
        ),
        complaint="Poor sizing or fit",
        praise="True to size, good fit",
    ),
    "fabric": Topic(
        name="Fabric and material",
        terms=(
            "fabric", "cotton", "wool", "polyester", "linen", "silk", "leather", "textile",
            "seams", "seam", "stitching", "thread", "pilling", "see-through",
        ),
        complaint="Poor-quality fabric",
        praise="Quality fabric",
    ),
    "colour": Topic(
        name="Colour",
        terms=(
            "colour", "colours", "color", "colors", "shade", "faded", "fades", "discoloured",
            "discolored", "pattern", "print",
        ),
        complaint="Colours differ or fade",
        praise="Lovely colours",
    ),
    "style": Topic(
        name="Style and fashion",
        terms=(
            "style", "styles", "fashionable", "trendy", "fashion", "collection", "collections",
            "outfit", "look of the clothes",
        ),
        complaint="Dated styles",
        praise="Stylish collection",
    ),
    "fitting_room": Topic(
        name="Fitting rooms",
        terms=(
            "fitting room", "fitting rooms", "changing room", "changing rooms", "dressing room",
            "try on", "try-on",
        ),
        complaint="Fitting room problems",
        praise="Pleasant fitting rooms",
    ),
    "shoes": Topic(
        name="Shoes",
        terms=(
            "shoe", "shoes", "sneaker", "sneakers", "sandal", "sandals", "heels", "sole", "soles",
            "insole", "footwear",
        ),
        complaint="Uncomfortable shoes",
        praise="Comfortable shoes",
    ),
    "washing": Topic(
        name="Washing and care",
        terms=(
            "wash", "washing", "washed", "shrink", "shrank", "shrunk", "shrinkage", "laundry",
            "after washing", "ironing", "machine washable",
        ),
        complaint="Damaged by washing",
        praise="Holds up in the wash",
    ),
    "clothing": Topic(
        name="Clothing",
        terms=(
            "clothes", "clothing", "garment", "garments", "dress", "shirt", "trousers", "pants",
            "jeans", "jacket", "coat", "sweater", "jumper", "t-shirt",
        ),
        complaint="Disappointing clothes",
        praise="Beautiful clothes",
    ),
    # --- Healthcare ---
    "medical_staff": Topic(
        name="Medical staff",
        terms=(
            "doctor", "doctors", "physician", "gp", "specialist", "surgeon", "practitioner",
            "nurse", "nurses", "nursing", "dentist", "caregiver", "medical staff", "midwife",
            "physiotherapist", "medical team",
        ),
        complaint="Inattentive medical staff",
        praise="Caring medical staff",
    ),
    "care_quality": Topic(
        name="Quality of care",
        terms=(
            "medical care", "healthcare", "health care", "medical treatment", "diagnosis",
            "diagnosed", "misdiagnosis", "surgery", "therapy", "consultation", "check-up",
            "medical examination", "follow-up care",
        ),
        complaint="Inadequate care",
        praise="High-quality care",
    ),
    "hospital": Topic(
        name="Hospital and clinic",
        terms=(
            "hospital", "clinic", "ward", "emergency room", "emergency department", "a&e",
            "medical centre", "medical center", "doctor's office", "hospitalisation",
            "hospitalization", "admission",
        ),
        complaint="Poorly run facility",
        praise="Well-run facility",
    ),
    "medication": Topic(
        name="Medication",
        terms=(
            "medication", "medications", "medicine", "medicines", "drug", "drugs", "prescription",
            "prescriptions", "pharmacy", "pharmacist",
        ),
        complaint="Medication problems",
        praise="Medication well managed",
    ),
}
# fmt: on

# Phrases that contain a term's words without naming its concept: matched first, they
# consume their tokens and signal nothing.
NON_TERMS: tuple[str, ...] = (
    # Coming back to a place is praise, not a product return.
    "will return",
    "would return",
    "return again",
    "definitely return",
    "return soon",
    "return next time",
    # Idioms built on a term word.
    "room for improvement",
    "point of view",
    "in my view",
    "big fan",
    "huge fan",
    "fan of",
    "in order to",
    "deal with",
    "at all cost",
    "keep track",
    "plan to",
    "stay away",
    "not wait",
    "at any rate",
    "for my taste",
    "to their credit",
    "of course",
    "kind of",
    "all kind of",
    "a great deal",
    "world class",
    "would definitely return",
    "will definitely return",
    "return to this",
    "return to the hotel",
    "return to the restaurant",
    "just return from",
    "never return",
    "return visit",
    "return there",
    "return here",
    "not return",
    "return soon",
    # praise: "could not fault it"
    "can not fault",
    "cannot fault",
    "can't fault",
    "impossible to fault",
    "fault this",
    "fault the",
    # a machine that is not a computer; friendly to something that is not staff; a review site
    "machine learning",
    "coffee machine",
    "washing machine",
    "vending machine",
    "user friendly",
    "user-friendly",
    "family friendly",
    "kid friendly",
    "child friendly",
    "budget friendly",
    "eco friendly",
    "trip advisor",
    "tripadvisor",
    # "drive" the trip by car ("driving" is the car's driving)
    "drive to",
    "drive from",
    "minute drive",
    "short drive",
    "drive around",
    "drive by",
    "drive up",
    "drive through",
    "drive back",
    # a city block is no blocked account
    "block from",
    "block away",
    "a few block",
    "block of",
    "city block",
    # a park is no parking
    "central park",
    "theme park",
    "national park",
    "water park",
    "amusement park",
    "park view",
    "hyde park",
    "state park",
    "city park",
    "public park",
    "walk in the park",
    # "my only complaint is ..." introduces a complaint about something else; "no complaints" is praise
    "only complaint",
    "one complaint",
    "biggest complaint",
    "main complaint",
    "minor complaint",
    "small complaint",
    "no complaint",
    "not complain",
    "nothing to complain",
    # "store" the verb (to keep files) is no shop
    "store my",
    "store your",
    "store all",
    "store file",
    "store data",
    "store photo",
    "to store",
    "store them",
    "store it",
    "store everything",
    # "fits my needs" is no clothing size
    "fit my need",
    "fit your need",
    "fit the bill",
    "fit in",
    "fit into",
    # "we were seated" is no seat comfort
    "be seat",
    "get seat",
    "seat us",
    "seat right away",
    "seat immediately",
    "seat quickly",
    # "the place was packed" (crowded) and a holiday package are no packaging
    "pack with",
    "be always pack",
    "place be pack",
    "restaurant be pack",
    "bar be pack",
    "get pack",
    "pack house",
    "six pack",
    "vacation package",
    "holiday package",
    "package deal",
    "travel package",
    "package holiday",
    # "worked right out of the box", "ticks all the boxes": no packaging
    "out of the box",
    "tick all the box",
    "tick all the boxes",
    "check all the box",
    "check all the boxes",
    # "sad to report that ...": no report
    "sad to report",
    "happy to report",
    "glad to report",
    "pleased to report",
    "reported by",
    "others have reported",
)
