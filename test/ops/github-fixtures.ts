import nock from "nock";

const API = "https://api.github.com";

/** The contents API's answer for a file, as GitHub sends it (base64, wrapped at 60 columns). */
export function contentsBody(owner: string, repo: string, path: string, text: string) {
  const content = Buffer.from(text, "utf8").toString("base64").replace(/.{60}/g, "$&\n");
  const url = `${API}/repos/${owner}/${repo}/contents/${path}`;
  return {
    type: "file",
    encoding: "base64",
    size: Buffer.byteLength(text),
    name: path.split("/").pop(),
    path,
    content,
    sha: "3d21ec53a331a6f037a91c368710b99387d012c1",
    url,
    git_url: `${API}/repos/${owner}/${repo}/git/blobs/3d21ec53a331a6f037a91c368710b99387d012c1`,
    html_url: `https://github.com/${owner}/${repo}/blob/main/${path}`,
    download_url: `https://raw.githubusercontent.com/${owner}/${repo}/main/${path}`,
    _links: { self: url, git: url, html: url },
  };
}

const configUrl = (owner: string, repo: string) =>
  `/repos/${owner}/${repo}/contents/.github%2Fbumpwarden.yml`;

/** Serves `.github/bumpwarden.yml` of `owner/repo` (text), or a 404 when `text` is null. */
export function serveConfig(owner: string, repo: string, text: string | null, ref?: string) {
  const scope = nock(API)
    .get(configUrl(owner, repo))
    .query(ref === undefined ? {} : { ref });
  return text === null
    ? scope.reply(404, {
        message: "Not Found",
        documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content",
      })
    : scope.reply(200, contentsBody(owner, repo, ".github/bumpwarden.yml", text));
}
