"""Concept families: which glossary concept is a facet of a broader one, for wider roll-ups.

Themes labelled from concepts are rolled up into a parent when they share a concept. A family
widens that: themes about ``delivery_time``, ``tracking``, ``parcel_problems`` and ``delivery``
all roll up under ``delivery``. ``FAMILY`` maps a concept id to the id of its family, which is
itself a concept of the glossary (``nlp/lang/<code>/topics.py``) whose name reads as a subject
heading in both languages ("Delivery" / "Livraison"); the roll-up is labelled from it.

Rules, checked by ``tests/nlp/test_families.py``:

* keys and values are concept ids of the glossary;
* one level only: a family never maps to another family;
* a concept that is its own family is absent (``family`` returns it unchanged).

The mapping is kept conservative: a concept is listed only when it clearly belongs under one
broader concept. Concepts that could sit under two families
(``housekeeping``: rooms or cleanliness; ``refund``: returns or billing), generic ones
(``speed``, ``communication``) and domain-neutral facets (``bugs``: website, app or software)
stay their own family. Grouped by family, reviewed like code.
"""

from __future__ import annotations

FAMILY: dict[str, str] = {
    # --- Delivery / Livraison ---
    "delivery_time": "delivery",
    "delivery_cost": "delivery",
    "delivery_slot": "delivery",
    "tracking": "delivery",
    "pickup_point": "delivery",
    "parcel_problems": "delivery",
    # --- Price / Prix ---
    "price_increase": "price",
    "value_for_money": "price",
    "discounts": "price",
    "fees": "price",
    "bank_fees": "price",
    # --- Billing / Facturation ---
    "monthly_payments": "billing",
    # --- Customer account / Compte client ---
    "account_blocked": "account",
    "login": "account",
    # --- Customer service / Service client ---
    "reachability": "customer_service",
    "phone_wait": "customer_service",
    "callback": "customer_service",
    "response": "customer_service",
    "chatbot": "customer_service",
    "human_contact": "customer_service",
    "single_contact": "customer_service",
    "complaint_handling": "customer_service",
    "follow_up": "customer_service",
    # --- Staff / Personnel ---
    "staff_friendliness": "staff",
    "welcome": "staff",
    "competence": "staff",
    "staff_training": "staff",
    "staff_availability": "staff",
    "sales_staff": "staff",
    # --- Product quality / Qualité des produits ---
    "durability": "product_quality",
    "defects": "product_quality",
    # --- Customer loyalty / Fidélité client ---
    "loyalty_program": "loyalty",
    # --- Store / Magasin ---
    "store_layout": "store",
    "checkout": "store",
    "fitting_room": "store",
    # --- Ordering / Commande ---
    "order_errors": "ordering",
    # --- Software / Logiciel ---
    "integrations": "software",
    "reports": "software",
    "license": "software",
    # --- Returns / Retours ---
    "exchange": "returns",
    # --- After-sales service / Service après-vente ---
    "warranty": "after_sales",
    "repairs": "after_sales",
    # --- Cleanliness / Propreté ---
    "pests": "cleanliness",
    # --- Internet connection / Connexion internet ---
    "internet_speed": "internet_connection",
    "wifi": "internet_connection",
    # --- Mobile plan / Forfait mobile ---
    "roaming": "mobile_plan",
    # --- Insurance / Assurance ---
    "claims": "insurance",
    "coverage": "insurance",
    # --- Flights / Vols ---
    "boarding": "flight",
    "baggage": "flight",
    "inflight_service": "flight",
    # --- Vehicle / Véhicule ---
    "driving": "vehicle",
    # --- Dealership / Concession ---
    "test_drive": "dealership",
    "trade_in": "dealership",
    # --- Room / Chambre ---
    "bed": "room",
    "bathroom": "room",
    # --- Amenities / Équipements ---
    "pool_spa": "amenities",
    # --- Food / Cuisine ---
    "dishes": "food",
    "meals": "food",
    "breakfast": "food",
    "taste": "food",
    "cooking": "food",
    "portions": "food",
    "menu": "food",
    "desserts": "food",
    "meat": "food",
    "fish_seafood": "food",
    "vegetables": "food",
    "bread": "food",
    "ingredients": "food",
    "dietary": "food",
    "food_safety": "food",
    # --- Drinks / Boissons ---
    "wine": "drinks",
    # --- Service / Service ---
    "table_service": "service",
    # --- Ambience / Ambiance ---
    "music": "ambience",
    # --- Battery / Batterie ---
    "charging": "battery",
    # --- Clothing / Vêtements ---
    "size_fit": "clothing",
    "fabric": "clothing",
    "style": "clothing",
    "washing": "clothing",
    # --- Course content / Contenu du cours ---
    "exercises": "course_content",
}


def family(concept: str) -> str:
    """Return the id of the family of ``concept``, or ``concept`` itself when it has none."""
    return FAMILY.get(concept, concept)
