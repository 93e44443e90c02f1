package nl.wijkportaal.catalogue;

import java.util.UUID;

/** The organisation behind an offer (a welfare foundation, library, sports club, ...). */
public record Provider(UUID id, String name, String website, String phone, String email) {}
