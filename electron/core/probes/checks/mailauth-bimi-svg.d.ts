// mailauth ships no types for its BIMI SVG validator (lib/bimi/validate-svg.js).
declare module 'mailauth/lib/bimi/validate-svg.js' {
  /** Throws an Error with `code` (INVALID_XML_FILE, INVALID_SVG_FILE, INVALID_BASE_PROFILE, LOGO_MISSING_TITLE, LOGO_INVALID_ROOT_ATTRS, LOGO_INCLUDES_REFERENCE, LOGO_INVALID_ELEMENT) when the logo breaks the BIMI SVG rules; true otherwise. */
  export function validateSvg(logo: string | Uint8Array): true;
}
