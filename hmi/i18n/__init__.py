"""The console in the operator's language: Qt translators, the language chosen per
workstation, and the retranslate pattern widgets follow."""
