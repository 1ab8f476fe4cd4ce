<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddCardDialog</name>
    <message numerus="yes">
        <source>An ICCID has 19 or 20 digits; this one has %n.</source>
        <translation>
            <numerusform>An ICCID has 19 or 20 digits; this one has %n.</numerusform>
            <numerusform>An ICCID has 19 or 20 digits; this one has %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CardDetails</name>
    <message numerus="yes">
        <source>Top up at least %1 every %n day(s).</source>
        <translation>
            <numerusform>Top up at least %1 every day.</numerusform>
            <numerusform>Top up at least %1 every %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message numerus="yes">
        <source>%n order(s) shown</source>
        <translation>
            <numerusform>%n order shown</numerusform>
            <numerusform>%n orders shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) exported to %1</source>
        <translation>
            <numerusform>%n order exported to %1</numerusform>
            <numerusform>%n orders exported to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeepAlivePanel</name>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation>
            <numerusform>%n month</numerusform>
            <numerusform>%n months</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>The provider sent %n card(s) that cannot be shown (%1); ask the provider to correct them.</source>
        <translation>
            <numerusform>The provider sent %n card that cannot be shown (%1); ask the provider to correct it.</numerusform>
            <numerusform>The provider sent %n cards that cannot be shown (%1); ask the provider to correct them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticesPanel</name>
    <message numerus="yes">
        <source>All notices (%n)…</source>
        <translation>
            <numerusform>All notices (%n)…</numerusform>
            <numerusform>All notices (%n)…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message numerus="yes">
        <source>The password needs at least %n character(s).</source>
        <translation>
            <numerusform>The password needs at least %n character.</numerusform>
            <numerusform>The password needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The password can have at most %n character(s).</source>
        <translation>
            <numerusform>The password can have at most %n character.</numerusform>
            <numerusform>The password can have at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The name can have at most %n character(s).</source>
        <translation>
            <numerusform>The name can have at most %n character.</numerusform>
            <numerusform>The name can have at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A label has at most %n character(s).</source>
        <translation>
            <numerusform>A label has at most %n character.</numerusform>
            <numerusform>A label has at most %n characters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A label has at most %n character(s); this one has %1.</source>
        <translation>
            <numerusform>A label has at most %n character; this one has %1.</numerusform>
            <numerusform>A label has at most %n characters; this one has %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelativeDate</name>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupportDialog</name>
    <message numerus="yes">
        <source>%1 (%n new)</source>
        <translation>
            <numerusform>%1 (%n new)</numerusform>
            <numerusform>%1 (%n new)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message numerus="yes">
        <source>%n day(s) left</source>
        <translation>
            <numerusform>%n day left</numerusform>
            <numerusform>%n days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) overdue</source>
        <translation>
            <numerusform>%n day overdue</numerusform>
            <numerusform>%n days overdue</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WalletApp</name>
    <message numerus="yes">
        <source>Notices (%n)</source>
        <translation>
            <numerusform>Notices (%n)</numerusform>
            <numerusform>Notices (%n)</numerusform>
        </translation>
    </message>
</context>
</TS>
