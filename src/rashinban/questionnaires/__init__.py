"""Customer questionnaires (取引先のセキュリティ調査票): match each question of a customer's own Excel sheet to our
items, propose an answer from the company's answers, records and documents, and write the answers back into the
customer's own layout."""
