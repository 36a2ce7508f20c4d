/**
 * `/config.json`, served beside the app: how this copy of the dashboard reaches the API. CONTRACT.
 * - `proxy`: the dashboard's own server answers `/api/*` and signs server-side (demo, `npm start`, `mediamon dashboard`).
 * - `hosted`: CloudFront serves the files; the browser signs in with Cognito and signs each call with the identity
 *   pool's temporary credentials for the role its group maps to.
 */
export type AppConfig =
  | { mode: 'proxy'; apiBase: string }
  | {
      mode: 'hosted';
      /** The API stage URL, no trailing slash. */
      apiUrl: string;
      region: string;
      userPoolId: string;
      userPoolClientId: string;
      identityPoolId: string;
      /** The Cognito domain's base URL (`https://<prefix>.auth.<region>.amazoncognito.com`). */
      cognitoDomain: string;
    };
