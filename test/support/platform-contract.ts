/** The shared shapes the platform contract uses, re-exported for the test server. */
export { Delivery, RatingLevel, Stage } from '../../core/protocol/messages';
export { LocalText } from '../../core/catalog/schema';
