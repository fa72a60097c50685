export const CROSS_ORIGIN_MESSAGE = 'This form was sent from another site and was refused. Reload the page and try again.';
