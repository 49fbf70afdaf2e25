/**
 * The transaction origin of edits made in this tab, so observers can tell them from remote ones
 * and from IndexedDB loads.
 */
export const LOCAL_ORIGIN = 'sp-local-edit'
