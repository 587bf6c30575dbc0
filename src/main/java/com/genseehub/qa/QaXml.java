package com.genseehub.qa;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.genseehub.callback.QueryString;

/**
 * Reads the body of a Q&A client push (spec section 3): a {@code webcast} with {@code question} and
 * {@code answer} elements, an answer either a sibling after its question or nested inside it.
 *
 * <p>It walks the document with the StAX reader of Jackson XML (Woodstox), hardened: a DOCTYPE is
 * refused outright, so there are no external entities and no entity expansion. Jackson's data binding
 * itself is not used because it loses mixed content (question text around a nested answer).
 */
final class QaXml {

    /** One question or answer, in document order; {@code questionId} is the question an answer belongs to. */
    record Item(boolean question, String id, String questionId, String uid, String uname, String text,
                String time) {
    }

    record Push(String webcastId, List<Item> items) {
    }

    /** Anything that is not a well-formed, expected Q&A document; the message is a one-line reason. */
    static final class InvalidQaXml extends Exception {
        InvalidQaXml(String reason) {
            super(reason);
        }
    }

    private static final XMLInputFactory FACTORY = hardenedFactory();

    private QaXml() {
    }

    static XMLInputFactory hardenedFactory() {
        XMLInputFactory factory = new XmlFactory().getXMLInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 16);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 32);
        return factory;
    }

    /** Reads the bytes in the encoding the XML declaration names (or a byte-order mark shows), else UTF-8. */
    static Push parse(byte[] xml) throws InvalidQaXml {
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                return new QaXml.Walk(reader).document();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new InvalidQaXml("XML is not well-formed: " + oneLine(e));
        }
    }

    private static String oneLine(XMLStreamException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Woodstox puts the position on a second line; keep the reason and say where
        String reason = message.lines().findFirst().orElse("");
        String position = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber() + ")";
        String text = reason.strip() + position;
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** One pass over the document. */
    private static final class Walk {
        private final XMLStreamReader reader;
        private final List<Item> items = new ArrayList<>();
        private String lastQuestionId;

        Walk(XMLStreamReader reader) {
            this.reader = reader;
        }

        Push document() throws XMLStreamException, InvalidQaXml {
            int event = nextStructural();
            if (event != XMLStreamConstants.START_ELEMENT || !reader.getLocalName().equals("webcast")) {
                throw new InvalidQaXml("root element must be <webcast>");
            }
            String webcastId = attribute("id");
            if (webcastId == null || webcastId.isBlank()) {
                throw new InvalidQaXml("webcast id is missing");
            }
            while ((event = nextStructural()) != XMLStreamConstants.END_ELEMENT) {
                requireStart(event, "webcast");
                switch (reader.getLocalName()) {
                    case "question" -> question();
                    case "answer" -> {
                        // a sibling answer answers the question before it
                        if (lastQuestionId == null) {
                            throw new InvalidQaXml("answer " + printable(attribute("id"))
                                    + " does not follow a question");
                        }
                        items.add(answer(lastQuestionId));
                    }
                    default -> throw unexpected("webcast");
                }
            }
            if (nextStructural() != XMLStreamConstants.END_DOCUMENT) {
                throw new InvalidQaXml("content after </webcast>");
            }
            return new Push(webcastId, List.copyOf(items));
        }

        private void question() throws XMLStreamException, InvalidQaXml {
            String id = attribute("id");
            String uid = attribute("uid");
            String uname = attribute("uname");
            String time = attribute("time");
            StringBuilder text = new StringBuilder();
            List<Item> nested = new ArrayList<>();
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (!reader.getLocalName().equals("answer")) {
                            throw unexpected("question");
                        }
                        nested.add(answer(id));
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        items.add(new Item(true, id, id, uid, uname, text.toString().strip(), time));
                        items.addAll(nested);
                        lastQuestionId = id;
                        return;
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidQaXml("entity references are not allowed");
                    default -> {
                        // comments and processing instructions carry nothing
                    }
                }
            }
        }

        private Item answer(String questionId) throws XMLStreamException, InvalidQaXml {
            String id = attribute("id");
            String uid = attribute("uid");
            String uname = attribute("uname");
            String time = attribute("time");
            StringBuilder text = new StringBuilder();
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    case XMLStreamConstants.START_ELEMENT -> throw unexpected("answer");
                    case XMLStreamConstants.END_ELEMENT -> {
                        return new Item(false, id, questionId, uid, uname, text.toString().strip(), time);
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidQaXml("entity references are not allowed");
                    default -> {
                        // comments and processing instructions carry nothing
                    }
                }
            }
        }

        /** The next start/end element or end of document; whitespace, comments and PIs are skipped. */
        private int nextStructural() throws XMLStreamException, InvalidQaXml {
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw new InvalidQaXml("DTDs are not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidQaXml("entity references are not allowed");
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!reader.isWhiteSpace()) {
                            throw new InvalidQaXml("unexpected text outside <question> and <answer>");
                        }
                    }
                    case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT,
                         XMLStreamConstants.END_DOCUMENT -> {
                        return event;
                    }
                    default -> {
                        // whitespace, comments, processing instructions
                    }
                }
            }
        }

        private void requireStart(int event, String parent) throws InvalidQaXml {
            if (event != XMLStreamConstants.START_ELEMENT) {
                throw new InvalidQaXml("unexpected end of <" + parent + ">");
            }
        }

        private InvalidQaXml unexpected(String parent) {
            return new InvalidQaXml("unexpected element <" + printable(reader.getLocalName()) + "> in <" + parent + ">");
        }

        private String attribute(String name) {
            return reader.getAttributeValue(null, name);
        }
    }

    static String printable(String value) {
        return value == null ? "(no id)" : QueryString.printable(value);
    }
}
