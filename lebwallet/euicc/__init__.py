"""Removable eSIM cards (eUICCs) read through a PC/SC card reader, without Qt.

An eUICC in SIM form (5ber, eSTK.me …) holds several operator profiles; its ISD-R application
(GSMA SGP.22) lists, enables, disables, renames and deletes them through the ES10 functions.

- `errors`: what can go wrong, one typed error per cause the user can act on;
- `codec`: the ES10 messages, encoded and decoded by asn1tools from ``es10.asn`` (the subset
  of SGP.22's RSPDefinitions the wallet uses), into the values of `profiles`;
- `profiles`: profiles, their states and the pending notifications, as plain values;
- `apdu`: the ISO 7816 framing (SELECT, STORE DATA chaining, 61xx + GET RESPONSE) over a
  `CardChannel`;
- `pcsc`: the PC/SC readers and cards through pyscard;
- `service`: the use cases (read a card, set a nickname, enable, disable, delete);
- `matching`: the wallet's cards beside the profiles, by ICCID.
"""
