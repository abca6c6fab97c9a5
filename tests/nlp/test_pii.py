import pytest

from verbatim.nlp.pii import PLACEHOLDER_RE, PLACEHOLDERS, mask_pii, mask_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("écrivez à jean.dupont@gmail.com svp", "écrivez à [EMAIL] svp"),
        ("Contact: marie-claire+nps@sub.example.co.uk.", "Contact: [EMAIL]."),
        ("jean.dupont+nps@example.fr", "[EMAIL]"),
        ("écrire à o'brien@example.com.", "écrire à [EMAIL]."),
        ("appelez le 06 12 34 56 78.", "appelez le [PHONE]."),
        ("06.12.34.56.78", "[PHONE]"),
        ("06-12-34-56-78", "[PHONE]"),
        ("tel 0612345678 merci", "tel [PHONE] merci"),
        ("rappelez-moi au 0612 345 678 svp", "rappelez-moi au [PHONE] svp"),
        ("mon numéro : 06 1234 5678", "mon numéro : [PHONE]"),
        ("appelé au 06 12 34 56 78 2 fois", "appelé au [PHONE] 2 fois"),
        ("+33612345678", "[PHONE]"),
        ("+33 6 12 34 56 78", "[PHONE]"),
        ("+33 (0)6 12 34 56 78", "[PHONE]"),
        ("0033 6 12 34 56 78", "[PHONE]"),
        ("call +44 20 7946 0958 now", "call [PHONE] now"),
        ("+1 (555) 123-4567", "[PHONE]"),
        ("(555) 123-4567", "[PHONE]"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "IBAN [IBAN] merci"),
        ("FR7630006000011234567890189", "[IBAN]"),
        ("IBAN : FR76-3000-6000-0112-3456-7890-189", "IBAN : [IBAN]"),
        ("GB82 WEST 1234 5698 7654 32", "[IBAN]"),
        ("DE89370400440532013000", "[IBAN]"),
        ("carte 4111 1111 1111 1111 débitée", "carte [CARD] débitée"),
        ("4111-1111-1111-1111", "[CARD]"),
        ("5555555555554444", "[CARD]"),
        ("378282246310005", "[CARD]"),  # 15-digit Amex
        # one typo: no longer Luhn-valid, still a card number by its grouping or its prefix
        ("carte 4111 1111 1111 1112 débitée", "carte [CARD] débitée"),
        ("4111-1111-1111-1112", "[CARD]"),
        ("4111111111111112", "[CARD]"),
        ("3782 822463 10006", "[CARD]"),
        ("n° de sécu 1 85 05 78 006 084 36", "n° de sécu [NIR]"),
        ("185057800608436", "[NIR]"),
        ("NIR 1850578006084 sans clé", "NIR [NIR] sans clé"),
        ("2 91 12 2A 004 123 45", "[NIR]"),  # born in Corsica
    ],
)
def test_pii_masks_each_kind(raw, expected):
    assert mask_pii(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prix 12,50 € pour 1 299,00 €",
        "149,99 € par mois",
        "2 500 euros de frais",
        "payé 1299.99 $",
        "livré le 12/03/2026",
        "livré le 12/03/2024",
        "livré le 01.02.2024",
        "livré le 01.02.2024 10h",
        "ref 2023-11-05",
        "commande 123456",
        "commande 12345678",
        "commande n°98765432 en retard",
        "client depuis 2019",
        "10/10",
        "note 9/10",
        "1 000 000 000 € de CA",
        "+20 % en un an",
        "3 jours, 2 appels",
        "3 semaines d'attente",
        "ref 1234567890123",
    ],
)
def test_pii_leaves_non_personal_numbers(text):
    assert mask_pii(text) == text


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_pii_placeholder_pattern_knows_every_placeholder(placeholder):
    assert PLACEHOLDER_RE.fullmatch(placeholder)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["Merci à Julie, 06 12 34 56 78", "rien", "Merci à Julie, 06 12 34 56 78"],
            ["Merci à [NAME], [PHONE]", "rien", "Merci à [NAME], [PHONE]"],
        ),
    ],
)
def test_pii_mask_texts_batches_in_order(texts, expected):
    assert mask_texts(texts) == expected
    assert mask_texts(texts, names=False)[0] == "Merci à Julie, [PHONE]"
