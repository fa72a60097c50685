/**
 * The part of oidc-provider 9.x's API Gatehouse uses, typed (the package ships JavaScript only).
 * Shapes follow node_modules/oidc-provider/lib (provider.js, models/*.js, helpers/defaults.js);
 * docs: https://github.com/panva/node-oidc-provider/blob/v9.x/docs/README.md
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type UnknownObject = Record<string, unknown>;

  /** What the library stores through an adapter (one object per model instance). */
  export interface AdapterPayload extends UnknownObject {
    jti?: string;
    kind?: string;
    exp?: number;
    iat?: number;
    grantId?: string;
    uid?: string;
    userCode?: string;
    accountId?: string;
    clientId?: string;
    consumed?: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface ClientInstance {
    clientId: string;
    clientSecret?: string;
    clientName?: string;
    clientAuthMethod: string;
    redirectUris: string[];
    postLogoutRedirectUris?: string[];
    metadata(): UnknownObject;
    grantTypeAllowed(type: string): boolean;
    [key: string]: unknown;
  }

  export interface ClientClass {
    prototype: ClientInstance & { compareClientSecret(this: ClientInstance, actual: string): boolean | Promise<boolean> };
    find(id: string): Promise<ClientInstance | undefined>;
  }

  export interface GrantInstance {
    jti: string;
    accountId?: string;
    clientId?: string;
    /** Seconds; set before save() to choose this grant's lifetime. */
    expiresIn?: number;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    getOIDCScope(): string;
    save(ttl?: number): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface GrantClass {
    new (input: { accountId: string; clientId: string }): GrantInstance;
    find(id: string): Promise<GrantInstance | undefined>;
  }

  export interface SessionInstance {
    accountId?: string;
    authTime(): number | undefined;
    [key: string]: unknown;
  }

  export interface RefreshTokenLike {
    scopes: Set<string>;
    [key: string]: unknown;
  }

  export interface OIDCContext {
    route: string;
    client?: ClientInstance;
    params?: Record<string, unknown>;
    session?: SessionInstance;
    account?: Account;
    acr?: string;
    claims?: UnknownObject;
    entities: Record<string, unknown>;
    uid?: string;
    requestParamScopes: Set<string>;
    /** The parsed form body (POST endpoints). */
    body?: Record<string, unknown>;
  }

  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    host: string;
    ip: string;
    secure: boolean;
    status: number;
    type: string;
    body: unknown;
    state: Record<string, unknown>;
    query: Record<string, string | string[] | undefined>;
    get(name: string): string;
    set(name: string, value: string): void;
    append(name: string, value: string): void;
  }

  export type AccountClaims = { sub: string } & UnknownObject;

  export interface Account {
    accountId: string;
    claims(use: 'id_token' | 'userinfo', scope: string, claims: UnknownObject, rejected: string[]): AccountClaims | Promise<AccountClaims>;
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
    state?: string;
    [key: string]: unknown;
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean; ts?: number };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface Interaction {
    uid: string;
    iat?: number;
    exp?: number;
    returnTo: string;
    prompt: { name: string; reasons: string[]; details: UnknownObject };
    params: UnknownObject;
    session?: { accountId?: string; uid?: string; cookie?: string };
    grantId?: string;
    lastSubmission?: InteractionResults;
  }

  export type Configuration = UnknownObject;

  export class OIDCProviderError extends Error {
    constructor(message?: string, description?: string);
    error: string;
    error_description?: string;
    status: number;
    statusCode: number;
    expose: boolean;
  }

  export namespace errors {
    class InvalidGrant extends OIDCProviderError {}
    class InvalidClient extends OIDCProviderError {}
    class InvalidClientAuth extends OIDCProviderError {}
    class InvalidRequest extends OIDCProviderError {}
    class AccessDenied extends OIDCProviderError {}
    class LoginRequired extends OIDCProviderError {}
    class InvalidToken extends OIDCProviderError {}
  }

  export namespace interactionPolicy {
    class Check {
      constructor(
        reason: string,
        description: string,
        error: string,
        check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>,
        details?: (ctx: KoaContextWithOIDC) => UnknownObject | Promise<UnknownObject>,
      );
      static REQUEST_PROMPT: true;
      static NO_NEED_TO_PROMPT: false;
    }
    class Prompt {
      name: string;
      checks: Check[] & { add(check: Check, index?: number): void };
    }
    type Policy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): Policy;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    static readonly ctx: KoaContextWithOIDC | undefined;
    readonly issuer: string;
    proxy: boolean;
    readonly Client: ClientClass;
    readonly Grant: GrantClass;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    on(event: string, listener: (...args: never[]) => void): this;
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void;
  }

  export default Provider;
}
