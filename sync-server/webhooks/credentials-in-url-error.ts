/**
 * A delivery to a webhook whose URL carries credentials: registration refuses such URLs, but one
 * stored before that rule must not send them either (nor leak them to wherever the host points).
 */
export class CredentialsInUrlError extends Error {
  constructor() {
    super('the webhook URL carries credentials')
    this.name = 'CredentialsInUrlError'
  }
}
