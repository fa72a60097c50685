/**
 * "An admin action replayed with a non-admin session": the POST an admin's browser sent
 * (captured with capturePost, never let through) is sent again with the session cookie of a
 * freshly signed-in ordinary user. Returns the response body for the test to check.
 */
import type { Browser, PlaywrightWorkerArgs } from '@playwright/test';
import { createUser, mainPortal, type TestUser } from './portal';
import { anonymousContext, expect, signIn, type CapturedPost } from './test';

export async function replayAsNonAdmin(
  browser: Browser,
  playwright: PlaywrightWorkerArgs['playwright'],
  path: string,
  captured: CapturedPost,
  /** Who replays it (default: a fresh ordinary user), e.g. the target of the action themself. */
  as?: Pick<TestUser, 'username' | 'password'>,
): Promise<string> {
  const user = as ?? (await createUser(mainPortal()));
  const userContext = await anonymousContext(browser, mainPortal().url);
  const userPage = await userContext.newPage();
  await signIn(userPage, user.username, user.password);
  await expect(userPage.getByTestId('signed-in-as')).toBeVisible();
  const cookie = (await userContext.cookies()).find((c) => c.name === 'gatehouse_session')!;
  // An empty storage state: inside a spec that uses the admin's, the request context would inherit it.
  const api = await playwright.request.newContext({ baseURL: mainPortal().url, storageState: { cookies: [], origins: [] } });
  try {
    const response = await api.post(path, { headers: { ...captured.headers, cookie: `gatehouse_session=${cookie.value}` }, data: captured.body });
    return await response.text();
  } finally {
    await api.dispose();
    await userContext.close();
  }
}
